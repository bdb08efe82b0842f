package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code static} scheme: {@code static://host1:port1,host2:port2}, a fixed list of backends
 * whose hosts are resolved once, at startup. Dialtone takes the list apart itself, since
 * grpc-java's URI parser rejects a comma in an authority.
 */
public final class StaticScheme implements ChannelScheme {

	static final String SCHEME = "static";

	private static final String ALLOWED = "static://host1:port1,host2:port2 with ports 1-65535 and IPv6 addresses in brackets, e.g. static://127.0.0.1:6565,[::1]:6566";

	@Override
	public String scheme() {
		return SCHEME;
	}

	@Override
	public ChannelTarget parse(String configured, String target) {
		String list = ChannelScheme.afterScheme(target, SCHEME);
		List<HostAndPort> entries = new ArrayList<>();
		List<InetSocketAddress> addresses = new ArrayList<>();
		for (String entry : list.split(",", -1)) {
			HostAndPort backend = HostAndPort.parseWithPort(entry, ALLOWED);
			entries.add(backend);
			addresses.add(backend.resolve(ALLOWED));
		}
		// The first backend is the channel's authority.
		return ChannelTarget.resolved(configured, SCHEME, SCHEME + "://" + entries.get(0),
				(refreshInterval) -> new StaticNameResolverProvider(addresses),
				entries.stream().allMatch(HostAndPort::isLoopback));
	}

}
