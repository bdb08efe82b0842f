package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.lookup.LookupSession;

/**
 * Dialtone's DNS resolution of {@code dns:} targets: the DNS servers asked and the one thread on
 * which the lookups of every channel are scheduled. Closing it stops that thread, so it is closed
 * after the channels that use it.
 * <p>
 * Lookups are made with <a href="https://github.com/dnsjava/dnsjava">dnsjava</a>, which asks the DNS
 * servers itself: the JVM's {@code InetAddress} cache ({@code networkaddress.cache.ttl}) plays no
 * part, and a record's own TTL is honoured. Answers are not cached between lookups. Adding dnsjava to
 * the classpath does not change how the rest of the JVM resolves names (its
 * {@code InetAddressResolverProvider} is off unless {@code -Dorg.dnsjava.spi.enable=true}).
 */
public final class DnsResolution implements AutoCloseable {

	private final ScheduledThreadPoolExecutor scheduler;

	private final DnsLookup lookup;

	private final Duration minInterval;

	/**
	 * @param servers the DNS servers to ask, in order; empty to ask those of the system's
	 * configuration ({@code /etc/resolv.conf}) with its search path and {@code ndots}
	 * @param minInterval the shortest time between two lookups of one target
	 */
	public DnsResolution(List<InetSocketAddress> servers, Duration minInterval) {
		this.minInterval = minInterval;
		this.scheduler = DaemonThreads.scheduler("dialtone-dns");
		this.lookup = new DnsLookup(session(servers), this.scheduler, !servers.isEmpty());
	}

	private LookupSession session(List<InetSocketAddress> servers) {
		LookupSession.LookupSessionBuilder session = LookupSession.builder()
			.executor(this.scheduler)
			.defaultHostsFileParser()
			.clearCaches();
		if (servers.isEmpty()) {
			ResolverConfig system = ResolverConfig.getCurrentConfig();
			return session.resolver(new ExtendedResolver())
				.searchPath(system.searchPath())
				.ndots(system.ndots())
				.build();
		}
		// Names asked of given servers (Consul, a cluster's DNS) are taken as absolute.
		List<Resolver> resolvers = servers.stream().<Resolver>map(SimpleResolver::new).toList();
		return session.resolver(new ExtendedResolver(resolvers)).build();
	}

	/**
	 * A provider of the {@code dns} scheme for one channel.
	 * @param target the channel's target, read at startup
	 * @param refreshInterval how often the channel's target is resolved again
	 */
	RefreshingDnsNameResolverProvider provider(DnsTarget target, Duration refreshInterval) {
		return new RefreshingDnsNameResolverProvider(target, this.lookup, this.scheduler, refreshInterval,
				this.minInterval);
	}

	/**
	 * Lookups waiting for their time, for tests to see that a closed resolver left none.
	 */
	int scheduledLookups() {
		return this.scheduler.getQueue().size();
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
