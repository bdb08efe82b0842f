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
		String hostPort = (value != null) ? value.trim() : "";
		int colon = hostPort.lastIndexOf(':');
		boolean bracketed = hostPort.startsWith("[");
		if (colon <= 0 || (bracketed && hostPort.charAt(colon - 1) != ']')
				|| (!bracketed && hostPort.indexOf(':') != colon)) {
			throw new InvalidGrpcClientPropertyException(property, value, SERVERS_ALLOWED);
		}
		String host = bracketed ? hostPort.substring(1, colon - 1) : hostPort.substring(0, colon);
		int port = port(hostPort.substring(colon + 1));
		if (host.isEmpty() || port < 1 || port > 65535) {
			throw new InvalidGrpcClientPropertyException(property, value, SERVERS_ALLOWED);
		}
		InetSocketAddress address = new InetSocketAddress(host, port);
		if (address.isUnresolved()) {
			throw new InvalidGrpcClientPropertyException(property, value,
					SERVERS_ALLOWED + "; the host '" + host + "' does not resolve");
		}
		return address;
	}

	private static int port(String port) {
		try {
			return Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
