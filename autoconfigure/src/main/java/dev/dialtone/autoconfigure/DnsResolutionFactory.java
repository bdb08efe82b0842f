package dev.dialtone.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.dialtone.resolver.DnsResolution;

/**
 * Builds Dialtone's {@link DnsResolution} from {@code grpc.client.dns.*}, rejecting a server or an
 * interval that cannot work.
 */
final class DnsResolutionFactory {

	private static final String SERVERS_ALLOWED = "host:port of a DNS server, with a port from 1 to 65535 and IPv6 addresses in brackets, e.g. 127.0.0.1:8600 or [::1]:53";

	private DnsResolutionFactory() {
	}

	static DnsResolution create(GrpcClientProperties.Dns dns) {
		Duration minInterval = dns.getMinInterval();
		if (minInterval == null || minInterval.isNegative() || minInterval.isZero()) {
			throw new InvalidGrpcClientPropertyException("grpc.client.dns.min-interval", minInterval,
					"a duration greater than 0, e.g. 1s");
		}
		return new DnsResolution(servers(dns.getServers()), minInterval);
	}

	static List<InetSocketAddress> servers(List<String> servers) {
		List<InetSocketAddress> addresses = new ArrayList<>();
		for (int i = 0; i < servers.size(); i++) {
			addresses.add(server("grpc.client.dns.servers[" + i + "]", servers.get(i)));
		}
		return addresses;
	}

	private static InetSocketAddress server(String property, String value) {
		return HostAndPort.resolve(value, property, value, SERVERS_ALLOWED);
	}

}
