package dev.dialtone.internal.resolver.discovery;

import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.resolver.InvalidTargetException;

/**
 * The {@code discovery} scheme: {@code discovery:///service-id} resolves to the instances the
 * application's Spring Cloud {@code DiscoveryClient} knows of that service, again on the
 * registry's heartbeats and every refresh interval.
 */
public final class DiscoveryScheme implements ChannelScheme {

	/** The scheme of targets resolved through the application's {@code DiscoveryClient}. */
	public static final String SCHEME = "discovery";

	private static final String ALLOWED = "discovery:///service-id, the id of a service the DiscoveryClient knows";

	private final DiscoveryResolution resolution;

	public DiscoveryScheme(DiscoveryResolution resolution) {
		this.resolution = resolution;
	}

	@Override
	public String scheme() {
		return SCHEME;
	}

	@Override
	public ChannelTarget parse(String configured, String target) {
		String rest = target.substring(SCHEME.length() + 1);
		String serviceId = rest.startsWith("///") ? rest.substring(3) : "";
		if (serviceId.isEmpty() || serviceId.contains("/")) {
			throw new InvalidTargetException(ALLOWED);
		}
		return ChannelTarget.resolved(configured, SCHEME, SCHEME + ":///" + serviceId,
				(refreshInterval) -> this.resolution.provider(serviceId, refreshInterval));
	}

}
