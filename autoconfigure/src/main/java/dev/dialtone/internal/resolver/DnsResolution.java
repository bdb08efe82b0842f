package dev.dialtone.internal.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Name;
import org.xbill.DNS.NioClient;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.ResolverConfig;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.lookup.LookupSession;

/**
 * Dialtone's resolution of {@code dns:} targets: where a name's addresses come from, and the one
 * thread on which the lookups of every channel are scheduled. Closing it stops its threads and, with
 * the last one open, dnsjava's selector thread, so it is closed after the channels that use it.
 * <p>
 * Without DNS servers of its own, a name is looked up as the system would: in the hosts file the
 * JVM reads, every line of it ({@link HostsFile}); then in DNS, with the system's servers, search
 * path and {@code ndots}; then, for a name neither knows, through the JVM, which asks the system's
 * other sources (mDNS, LDAP, ...). With DNS servers of its own, names are absolute and asked of
 * those servers after the hosts file.
 * <p>
 * DNS lookups are made with <a href="https://github.com/dnsjava/dnsjava">dnsjava</a>, which asks the
 * DNS servers itself: the JVM's {@code InetAddress} cache ({@code networkaddress.cache.ttl}) plays
 * no part, and a record's own TTL is honoured. Answers are not cached between lookups. Adding
 * dnsjava to the classpath does not change how the rest of the JVM resolves names (its
 * {@code InetAddressResolverProvider} is off unless {@code -Dorg.dnsjava.spi.enable=true}).
 */
public final class DnsResolution implements AutoCloseable {

	/**
	 * Asks the JVM for every address of a host; no address when it knows none.
	 */
	static final SystemNames JVM = (host) -> {
		try {
			return List.of(InetAddress.getAllByName(host));
		}
		catch (UnknownHostException ex) {
			return List.of();
		}
	};

	private final ScheduledThreadPoolExecutor scheduler;

	private final ThreadPoolExecutor systemCalls;

	private final DnsLookup lookup;

	private final SystemNames system;

	private final Duration minInterval;

	private boolean closed;

	/**
	 * @param servers the DNS servers to ask, in order; empty to ask those of the system's
	 * configuration ({@code /etc/resolv.conf}) with its search path and {@code ndots}
	 * @param minInterval the shortest time between two lookups of one target
	 */
	public DnsResolution(List<InetSocketAddress> servers, Duration minInterval) {
		this(servers, minInterval, HostsFile.jvmHostsFile(), JVM);
	}

	/**
	 * @param servers the DNS servers to ask, in order; empty to ask the system's
	 * @param minInterval the shortest time between two lookups of one target
	 * @param hostsFile the hosts file that answers before DNS
	 * @param system the system's other name sources, asked without DNS servers of Dialtone's own
	 */
	DnsResolution(List<InetSocketAddress> servers, Duration minInterval, Path hostsFile, SystemNames system) {
		this.minInterval = minInterval;
		this.scheduler = DaemonThreads.scheduler("dialtone-dns");
		this.systemCalls = DaemonThreads.blockingCalls("dialtone-dns-system");
		this.system = servers.isEmpty() ? system : null;
		Resolver resolver;
		List<Name> searchPath = List.of();
		int ndots = LookupSession.DEFAULT_NDOTS;
		if (servers.isEmpty()) {
			ResolverConfig config = ResolverConfig.getCurrentConfig();
			resolver = new ExtendedResolver();
			searchPath = config.searchPath();
			ndots = config.ndots();
		}
		else {
			resolver = new ExtendedResolver(servers.stream().<Resolver>map(SimpleResolver::new).toList());
		}
		// Answers up to 1232 bytes over UDP (the size DNS Flag Day 2020 settled on), so that an SRV
		// answer with its hosts' addresses rarely needs a second query over TCP.
		resolver.setEDNS(0, 1232, 0, List.of());
		// The session sends A and AAAA queries; the hosts file is Dialtone's, read before it.
		LookupSession session = LookupSession.builder()
			.executor(this.scheduler)
			.resolver(resolver)
			.clearCaches()
			.searchPath(searchPath)
			.ndots(ndots)
			.build();
		this.lookup = new DnsLookup(session, resolver, this.scheduler, new HostsFile(hostsFile), !servers.isEmpty(),
				searchPath, ndots);
		DnsjavaSelector.opened();
	}

	/**
	 * A provider of the {@code dns} scheme for one channel.
	 * @param target the channel's target, read at startup
	 * @param refreshInterval how often the channel's target is resolved again
	 */
	RefreshingDnsNameResolverProvider provider(DnsTarget target, Duration refreshInterval) {
		return new RefreshingDnsNameResolverProvider(target, this::lookUp, this.scheduler, refreshInterval,
				this.minInterval);
	}

	/**
	 * The lookup of one channel's target: its own call to the system's other sources, so that one
	 * that hangs holds up no other channel.
	 */
	private Supplier<CompletableFuture<RefreshingNameResolver.Answer>> lookUp(DnsTarget target, int port) {
		Supplier<CompletableFuture<List<InetAddress>>> system = null;
		if (this.system != null) {
			BlockingCall<List<InetAddress>> call = new BlockingCall<>(this.systemCalls,
					() -> this.system.addresses(target.host()));
			system = call::start;
		}
		Supplier<CompletableFuture<List<InetAddress>>> others = system;
		return () -> this.lookup.resolve(target, port, others);
	}

	/**
	 * Lookups waiting for their time, for tests to see that a closed resolver left none.
	 */
	int scheduledLookups() {
		return this.scheduler.getQueue().size();
	}

	@Override
	public synchronized void close() {
		if (this.closed) {
			return;
		}
		this.closed = true;
		this.scheduler.shutdownNow();
		this.systemCalls.shutdownNow();
		try {
			this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		DnsjavaSelector.closed();
	}

	/**
	 * The system's name sources other than the hosts file and DNS, as the JVM asks them.
	 */
	@FunctionalInterface
	interface SystemNames {

		/**
		 * Every address of the host, none when no source knows it. May block.
		 */
		List<InetAddress> addresses(String host) throws IOException;

	}

	/**
	 * dnsjava's selector thread and its shutdown hook, which dnsjava starts for the first query and
	 * shares with everything in this class loader that uses it. Dialtone stops them when its last
	 * {@link DnsResolution} closes, so that an application stopped in a container that goes on
	 * (a redeploy) leaves no thread behind to hold on to its class loader.
	 */
	static final class DnsjavaSelector {

		private static int open;

		private static volatile boolean used;

		private DnsjavaSelector() {
		}

		static synchronized void opened() {
			open++;
		}

		/**
		 * A query is about to be sent: dnsjava's selector runs from now on.
		 */
		static void used() {
			used = true;
		}

		static synchronized void closed() {
			open--;
			// Closing a selector dnsjava never started would only log a warning.
			if (open == 0 && used) {
				used = false;
				NioClient.close();
			}
		}

	}

}
