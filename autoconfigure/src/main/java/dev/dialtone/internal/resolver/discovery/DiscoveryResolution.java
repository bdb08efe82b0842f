package dev.dialtone.internal.resolver.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;

import org.springframework.cloud.client.discovery.DiscoveryClient;

import dev.dialtone.internal.resolver.BlockingCall;
import dev.dialtone.internal.resolver.DaemonThreads;
import dev.dialtone.internal.resolver.RefreshingNameResolver;
import dev.dialtone.internal.resolver.RegistryNameResolverProvider;

/**
 * Dialtone's resolution of {@code discovery:} targets: the application's {@link DiscoveryClient},
 * the one thread on which every channel's lookups are scheduled, and the threads the registry is
 * called on. A registry call can block for as long as the registry takes to answer, or forever, so
 * each runs on a thread of its own ({@link BlockingCall}) and is given up on after the lookup
 * timeout: neither the DNS thread nor another channel's lookups wait for it. Closing it stops these
 * threads, so it is closed after the channels that use it.
 */
public final class DiscoveryResolution implements AutoCloseable {

	private final ServiceInstanceAddresses addresses;

	private final ScheduledThreadPoolExecutor scheduler;

	private final ThreadPoolExecutor calls;

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
		this.calls = DaemonThreads.blockingCalls("dialtone-discovery-call");
	}

	/**
	 * A provider of the {@code discovery} scheme for one channel.
	 * @param serviceId the service whose instances are the channel's backends
	 * @param refreshInterval how often the channel's target is resolved again without a sign of change
	 */
	RegistryNameResolverProvider provider(String serviceId, Duration refreshInterval) {
		return new RegistryNameResolverProvider(DiscoveryScheme.SCHEME, serviceId, () -> lookup(serviceId),
				this.scheduler, this.listening::add, this.listening::remove, refreshInterval, this.minInterval,
				"serviceId=" + serviceId);
	}

	/**
	 * A channel's lookup: the registry's instances of the service, asked on a thread of its own
	 * (a registry call blocks), never the scheduler's or a channel's.
	 */
	private RefreshingNameResolver.Lookup lookup(String serviceId) {
		BlockingCall<List<InetSocketAddress>> registry = new BlockingCall<>(this.calls,
				() -> this.addresses.of(serviceId));
		return new RefreshingNameResolver.Lookup() {

			@Override
			public CompletableFuture<RefreshingNameResolver.Answer> lookUp() {
				CompletableFuture<List<InetSocketAddress>> call = registry.start();
				CompletableFuture<RefreshingNameResolver.Answer> answer = call
					.thenApply((addresses) -> RefreshingNameResolver.Answer.of(addresses, null));
				// Giving up on the answer (a timeout) gives up on the call, which interrupts it.
				answer.whenComplete((found, failure) -> call.cancel(true));
				return answer;
			}

			@Override
			public String describe() {
				return "Discovery of " + serviceId;
			}

		};
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
		this.calls.shutdownNow();
	}

}
