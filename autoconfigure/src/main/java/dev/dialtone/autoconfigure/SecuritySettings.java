package dev.dialtone.autoconfigure;

import java.util.List;

import io.grpc.InsecureChannelCredentials;
import io.grpc.TlsChannelCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;

import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.resolver.HostAndPort;
import dev.dialtone.internal.resolver.InvalidTargetException;
import dev.dialtone.internal.tls.ReloadingTlsMaterial;

/**
 * Reads how a channel is secured: plaintext, TLS with the JDK's trust store, or TLS and mTLS from a
 * Spring Boot SSL bundle, whose reloads the channel follows for new connections; and the authority
 * checked against the backends' certificates.
 */
final class SecuritySettings {

	private static final String AUTHORITY_ALLOWED = "a host name, optionally with a port, e.g. greeter.example.com or greeter.example.com:443";

	private final @Nullable SslBundles sslBundles;

	/**
	 * @param sslBundles the application's SSL bundles, or null when it has none
	 */
	SecuritySettings(@Nullable SslBundles sslBundles) {
		this.sslBundles = sslBundles;
	}

	ChannelSpec.Security read(MergedChannel merged, ChannelTarget target) {
		Setting<Boolean> enabled = merged.get((c) -> c.getSsl().getEnabled(), "ssl.enabled");
		Setting<String> bundleName = merged.get((c) -> c.getSsl().getBundle(), "ssl.bundle");
		String authority = authority(merged.get(ChannelProperties::getAuthority, "authority"));
		if (bundleName.value() != null && Boolean.FALSE.equals(enabled.value())) {
			throw enabled.invalid("true, or remove " + bundleName.property() + " ('" + bundleName.value()
					+ "'): a channel with an SSL bundle uses TLS");
		}
		if (target.isInProcess()) {
			return new ChannelSpec.Security(InsecureChannelCredentials.create(), "in-process", authority);
		}
		if (bundleName.value() != null) {
			return fromBundle(merged.name(), bundleName, authority);
		}
		if (Boolean.TRUE.equals(enabled.value())) {
			return new ChannelSpec.Security(TlsChannelCredentials.create(), "tls", authority);
		}
		return new ChannelSpec.Security(InsecureChannelCredentials.create(), "plaintext", authority);
	}

	private ChannelSpec.Security fromBundle(String channel, Setting<String> bundleName, @Nullable String authority) {
		List<String> names = (this.sslBundles != null) ? this.sslBundles.getBundleNames() : List.of();
		if (!names.contains(bundleName.value())) {
			throw bundleName
				.invalid("the name of an SSL bundle configured under spring.ssl.bundle.* (configured: " + names + ")");
		}
		SslBundle bundle = this.sslBundles.getBundle(bundleName.value());
		if (bundle.getOptions().getCiphers() != null || bundle.getOptions().getEnabledProtocols() != null) {
			throw bundleName.invalid(
					"a bundle without options.ciphers and options.enabled-protocols: grpc-java's TLS credentials cannot apply them (a GrpcChannelCustomizer can)");
		}
		ReloadingTlsMaterial material;
		try {
			material = ReloadingTlsMaterial.of(channel, bundleName.value(), bundle);
		}
		catch (IllegalStateException ex) {
			throw bundleName.invalid("an SSL bundle whose key and certificates can be read (" + ex.getMessage() + ")");
		}
		// Spring Boot calls this when a bundle with reload-on-update is loaded again; other
		// bundles never change.
		this.sslBundles.addBundleUpdateHandler(bundleName.value(), material::reload);
		return new ChannelSpec.Security(material.credentials(),
				(material.mutual() ? "mtls" : "tls") + " (bundle " + bundleName.value() + ")", authority, material);
	}

	private static @Nullable String authority(Setting<String> authority) {
		if (authority.value() == null) {
			return null;
		}
		try {
			HostAndPort.parse(authority.value(), AUTHORITY_ALLOWED);
			return authority.value().trim();
		}
		catch (InvalidTargetException ex) {
			throw authority.invalid(AUTHORITY_ALLOWED);
		}
	}

}
