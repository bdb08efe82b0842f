package dev.dialtone.autoconfigure;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import dev.dialtone.internal.resolver.HostAndPort;
import dev.dialtone.internal.resolver.InvalidTargetException;
import dev.dialtone.internal.resolver.ResolutionDefaults;

/**
 * Reads {@code grpc.client.resolution.*} and {@code grpc.client.dns.servers}, and the deprecated
 * {@code grpc.client.dns.refresh-interval} and {@code grpc.client.dns.min-interval} they replace.
 */
final class ResolutionSettings {

	static final Duration DEFAULT_REFRESH_INTERVAL = Duration.ofSeconds(30);

	static final Duration DEFAULT_MIN_INTERVAL = Duration.ofSeconds(1);

	private static final String SERVERS_ALLOWED = "host:port of a DNS server, with a port from 1 to 65535 and IPv6 addresses in brackets, e.g. 127.0.0.1:8600 or [::1]:53";

	private ResolutionSettings() {
	}

	static ResolutionDefaults defaults(GrpcClientProperties properties, DeprecatedProperties deprecated) {
		Duration refresh = Setting.positive(global(properties.getResolution().getRefreshInterval(),
				"grpc.client.resolution.refresh-interval", properties.getDns().getRefreshInterval(),
				"grpc.client.dns.refresh-interval", deprecated));
		Duration min = Setting.positive(global(properties.getResolution().getMinInterval(),
				"grpc.client.resolution.min-interval", properties.getDns().getMinInterval(),
				"grpc.client.dns.min-interval", deprecated));
		return new ResolutionDefaults((refresh != null) ? refresh : DEFAULT_REFRESH_INTERVAL,
				(min != null) ? min : DEFAULT_MIN_INTERVAL);
	}

	private static Setting<Duration> global(Duration value, String property, Duration oldValue, String oldProperty,
			DeprecatedProperties deprecated) {
		if (value == null && oldValue != null) {
			deprecated.used(oldProperty, property);
			return new Setting<>(oldValue, oldProperty);
		}
		return new Setting<>(value, property);
	}

	/**
	 * The channel's refresh interval: its own or the defaults', else the global one.
	 */
	static Duration refreshInterval(MergedChannel merged, ResolutionDefaults defaults) {
		Duration own = Setting.positive(merged.get((c) -> c.getResolution().getRefreshInterval(),
				"resolution.refresh-interval", (c) -> c.getDns().getRefreshInterval(), "dns.refresh-interval"));
		return (own != null) ? own : defaults.refreshInterval();
	}

	/**
	 * The DNS servers of {@code grpc.client.dns.servers}, each resolved once.
	 */
	static List<InetSocketAddress> dnsServers(List<String> servers) {
		List<InetSocketAddress> addresses = new ArrayList<>();
		for (int i = 0; i < servers.size(); i++) {
			String property = "grpc.client.dns.servers[" + i + "]";
			try {
				addresses.add(HostAndPort.parseWithPort(servers.get(i), SERVERS_ALLOWED).resolve(SERVERS_ALLOWED));
			}
			catch (InvalidTargetException ex) {
				throw new InvalidGrpcClientPropertyException(property, servers.get(i), ex.getMessage());
			}
		}
		return addresses;
	}

}
