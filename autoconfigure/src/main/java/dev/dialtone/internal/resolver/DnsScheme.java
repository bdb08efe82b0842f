package dev.dialtone.internal.resolver;

/**
 * The {@code dns} scheme: Dialtone's refreshing DNS resolver, which looks the target up again
 * every refresh interval.
 */
public final class DnsScheme implements ChannelScheme {

	private static final String SCHEME = "dns";

	private final DnsResolution resolution;

	public DnsScheme(DnsResolution resolution) {
		this.resolution = resolution;
	}

	@Override
	public String scheme() {
		return SCHEME;
	}

	@Override
	public ChannelTarget parse(String configured, String target) {
		DnsTarget dns = DnsTarget.parse(target);
		return ChannelTarget.resolved(configured, SCHEME, dns.grpcTarget(),
				(refreshInterval) -> this.resolution.provider(dns, refreshInterval), dns.name().isLoopback());
	}

}
