package dev.dialtone.internal.resolver.discovery;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;

import org.springframework.cloud.client.discovery.DiscoveryClient;

import dev.dialtone.internal.resolver.DaemonThreads;
import dev.dialtone.internal.resolver.RefreshingNameResolver;

/**
 * Dialtone's resolution of {@code discovery:} targets: the application's {@link DiscoveryClient}
 * and the one thread on which every channel asks it. A registry call can block for as long as the
 * registry takes to answer, so it gets a thread of its own rather than the DNS thread, where it
 * would hold up every channel's DNS lookups. Closing it stops that thread, so it is closed after
 * the channels that use it.
 */
public final class DiscoveryResolution implements AutoCloseable {

	private final ServiceInstanceAddresses addresses;

	private final ScheduledThreadPoolExecutor scheduler;

	private final Duration minInterval;

	private final Set<RefreshingNameResolver> listening = ConcurrentHashMap.newKeySet();

	/**
	 * @param client the application's discovery client
	 * @param minInterval the shortest time between two lookups of one target
	 */
	public DiscoveryResolution(DiscoveryClient client, Duration minInterval) {
		this.addresses = new ServiceInstanceAddresses(client);
		this.minInterval = minInterval;
		this.scheduler = DaemonThreads.scheduler("dialtone-discovery");
	}

	/**
	 * A provider of the {@code discovery} scheme for one channel.
	 * @param serviceId the service whose instances are the channel's backends
	 * @param refreshInterval how often the channel's target is resolved again without a sign of change
	 */
	DiscoveryNameResolverProvider provider(String serviceId, Duration refreshInterval) {
		return new DiscoveryNameResolverProvider(serviceId, this.addresses, this.scheduler, this.listening,
				refreshInterval, this.minInterval);
	}

	/**
	 * The registry signalled that its catalog may have changed: every running resolver looks again,
	 * as soon as its minimum interval allows.
	 */
	public void registryChanged() {
		this.listening.forEach(RefreshingNameResolver::changed);
	}

	@Override
	public void close() {
		this.scheduler.shutdownNow();
	}

}
