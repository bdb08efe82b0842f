package dev.dialtone.internal.resolver.etcd;

import java.util.regex.Pattern;

import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.resolver.InvalidTargetException;

/**
 * The {@code etcd} scheme: {@code etcd:///greeter} resolves to the addresses written under the
 * keys {@code greeter/...} (after {@code grpc.client.etcd.key-prefix}) of the configured etcd
 * cluster, read once and then watched.
 */
public final class EtcdScheme implements ChannelScheme {

	/** The scheme of targets resolved through etcd. */
	public static final String SCHEME = "etcd";

	// Segments of letters, digits, '.', '_', '-' and ':', joined by single slashes.
	private static final Pattern SERVICE = Pattern.compile("[A-Za-z0-9._:-]+(/[A-Za-z0-9._:-]+)*");

	private static final String ALLOWED = "etcd:///service, e.g. etcd:///greeter: every key under service/ is a backend (letters, digits, '.', '_', '-', ':' and single slashes between them)";

	private static final String NO_ENDPOINTS = "etcd:///service needs the etcd cluster's client URLs in grpc.client.etcd.endpoints, e.g. [http://127.0.0.1:2379]";

	private final EtcdResolution resolution;

	public EtcdScheme(EtcdResolution resolution) {
		this.resolution = resolution;
	}

	@Override
	public String scheme() {
		return SCHEME;
	}

	@Override
	public ChannelTarget parse(String configured, String target) {
		String rest = target.substring(SCHEME.length() + 1);
		String service = rest.startsWith("///") ? rest.substring(3) : "";
		if (!SERVICE.matcher(service).matches()) {
			throw new InvalidTargetException(ALLOWED);
		}
		if (!this.resolution.configured()) {
			throw new InvalidTargetException(NO_ENDPOINTS);
		}
		return ChannelTarget.resolved(configured, SCHEME, SCHEME + ":///" + service,
				(refreshInterval) -> this.resolution.provider(service, refreshInterval));
	}

}
