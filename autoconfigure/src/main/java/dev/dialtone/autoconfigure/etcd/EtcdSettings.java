package dev.dialtone.autoconfigure.etcd;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import dev.dialtone.autoconfigure.GrpcClientProperties;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.internal.resolver.etcd.EtcdCluster;
import dev.dialtone.internal.tls.ReloadingTlsMaterial;

/**
 * Reads {@code grpc.client.etcd.*} once, at startup: every value that cannot work is an
 * {@link InvalidGrpcClientPropertyException} naming the property. No error shows a password, nor
 * the credentials of an endpoint URL.
 */
final class EtcdSettings {

	private static final String PREFIX = "grpc.client.etcd.";

	private static final String ENDPOINT_ALLOWED = "the http:// or https:// URL of an etcd member's client port, with a host and a port and nothing after them, e.g. http://127.0.0.1:2379";

	private EtcdSettings() {
	}

	static EtcdCluster cluster(GrpcClientProperties.Etcd etcd, @Nullable SslBundles sslBundles) {
		List<URI> endpoints = endpoints(etcd.getEndpoints());
		boolean tls = !endpoints.isEmpty() && endpoints.get(0).getScheme().equals("https");
		String username = etcd.getUsername();
		String password = etcd.getPassword();
		if (username != null && username.isBlank()) {
			throw new InvalidGrpcClientPropertyException(PREFIX + "username", username,
					"the name of an etcd user, set together with " + PREFIX + "password");
		}
		if (username != null && password == null) {
			throw new InvalidGrpcClientPropertyException(PREFIX + "password", null,
					"the password of the etcd user '" + username + "' (" + PREFIX + "username)");
		}
		if (username == null && password != null) {
			throw new InvalidGrpcClientPropertyException(PREFIX + "username", null,
					"the etcd user whose password " + PREFIX + "password is");
		}
		ReloadingTlsMaterial material = tlsMaterial(etcd.getSsl().getBundle(), sslBundles, endpoints, tls);
		return new EtcdCluster(endpoints, username, password, material, keyPrefix(etcd.getKeyPrefix()));
	}

	private static List<URI> endpoints(List<String> values) {
		List<URI> endpoints = new ArrayList<>();
		for (int i = 0; i < values.size(); i++) {
			String property = PREFIX + "endpoints[" + i + "]";
			URI endpoint = endpoint(property, values.get(i));
			if (!endpoints.isEmpty() && !endpoint.getScheme().equals(endpoints.get(0).getScheme())) {
				throw new InvalidGrpcClientPropertyException(property, values.get(i), ENDPOINT_ALLOWED
						+ "; every endpoint with the scheme of the first one (" + endpoints.get(0).getScheme() + ")");
			}
			endpoints.add(endpoint);
		}
		return endpoints;
	}

	private static URI endpoint(String property, @Nullable String value) {
		String text = (value != null) ? value.trim() : "";
		String shown = withoutCredentials(text);
		if (text.contains("@")) {
			throw new InvalidGrpcClientPropertyException(property, shown,
					ENDPOINT_ALLOWED + "; credentials go in " + PREFIX + "username and " + PREFIX + "password");
		}
		URI uri;
		try {
			uri = new URI(text);
		}
		catch (URISyntaxException ex) {
			throw new InvalidGrpcClientPropertyException(property, shown, ENDPOINT_ALLOWED);
		}
		String scheme = (uri.getScheme() != null) ? uri.getScheme().toLowerCase(Locale.ROOT) : "";
		boolean nothingAfter = (uri.getRawPath() == null || uri.getRawPath().isEmpty() || uri.getRawPath().equals("/"))
				&& uri.getRawQuery() == null && uri.getRawFragment() == null;
		if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null || uri.getPort() < 1
				|| uri.getPort() > 65535 || !nothingAfter) {
			throw new InvalidGrpcClientPropertyException(property, shown, ENDPOINT_ALLOWED);
		}
		return URI.create(scheme + "://" + uri.getHost() + ":" + uri.getPort());
	}

	/**
	 * The value as an error may show it: whatever stands before an {@code @} could be a password.
	 */
	static String withoutCredentials(String value) {
		int at = value.lastIndexOf('@');
		if (at < 0) {
			return value;
		}
		int start = value.indexOf("://");
		start = (start >= 0 && start < at) ? start + 3 : 0;
		return value.substring(0, start) + "******" + value.substring(at);
	}

	/**
	 * The bundle's material, which follows the bundle's reloads (with {@code reload-on-update}) for
	 * every connection to etcd made after one, as channels' bundles do.
	 */
	private static @Nullable ReloadingTlsMaterial tlsMaterial(@Nullable String name, @Nullable SslBundles sslBundles,
			List<URI> endpoints, boolean tls) {
		if (name == null) {
			return null;
		}
		String property = PREFIX + "ssl.bundle";
		List<String> names = (sslBundles != null) ? sslBundles.getBundleNames() : List.of();
		if (!names.contains(name)) {
			throw new InvalidGrpcClientPropertyException(property, name,
					"the name of an SSL bundle configured under spring.ssl.bundle.* (configured: " + names + ")");
		}
		if (!endpoints.isEmpty() && !tls) {
			throw new InvalidGrpcClientPropertyException(property, name,
					"a bundle for https:// endpoints; " + PREFIX + "endpoints are http://, which use no TLS");
		}
		SslBundle bundle = sslBundles.getBundle(name);
		ReloadingTlsMaterial material;
		try {
			material = ReloadingTlsMaterial.used("The etcd client", name, bundle);
		}
		catch (IllegalStateException ex) {
			throw new InvalidGrpcClientPropertyException(property, name,
					"an SSL bundle whose key and certificates can be read (" + ex.getMessage() + ")");
		}
		sslBundles.addBundleUpdateHandler(name, material::reload);
		return material;
	}

	private static String keyPrefix(@Nullable String keyPrefix) {
		if (keyPrefix == null || keyPrefix.isEmpty()) {
			return "";
		}
		return keyPrefix.endsWith("/") ? keyPrefix : keyPrefix + "/";
	}

}
