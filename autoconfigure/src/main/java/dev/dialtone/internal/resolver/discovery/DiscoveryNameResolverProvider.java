package dev.dialtone.internal.resolver.discovery;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;

import io.grpc.NameResolver;

import dev.dialtone.internal.resolver.BlockingCall;
import dev.dialtone.internal.resolver.InetNameResolverProvider;
import dev.dialtone.internal.resolver.RefreshSchedule;
import dev.dialtone.internal.resolver.RefreshingNameResolver;

/**
 * The {@code discovery} resolver of one Dialtone channel: its service id resolves to the instances
 * a Spring Cloud {@code DiscoveryClient} knows of that service. Registered only in that channel's
 * resolver registry.
 */
final class DiscoveryNameResolverProvider extends InetNameResolverProvider {

	private final String serviceId;

	private final ServiceInstanceAddresses instances;

	private final ScheduledExecutorService scheduler;

	private final Executor calls;

	private final Set<RefreshingNameResolver> listening;

	private final Duration refreshInterval;

	private final Duration minInterval;

	DiscoveryNameResolverProvider(String serviceId, ServiceInstanceAddresses instances,
			ScheduledExecutorService scheduler, Executor calls, Set<RefreshingNameResolver> listening,
			Duration refreshInterval, Duration minInterval) {
		super(DiscoveryScheme.SCHEME, 5);
		this.serviceId = serviceId;
		this.instances = instances;
		this.scheduler = scheduler;
		this.calls = calls;
		this.listening = listening;
		this.refreshInterval = refreshInterval;
		this.minInterval = minInterval;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!getDefaultScheme().equals(targetUri.getScheme())) {
			return null;
		}
		RefreshingNameResolver resolver = new RefreshingNameResolver(this.serviceId, lookup(), this.scheduler, args,
				new RefreshSchedule(this.refreshInterval, this.minInterval), this.listening::remove);
		this.listening.add(resolver);
		return resolver;
	}

	private RefreshingNameResolver.Lookup lookup() {
		// A registry call blocks: it runs on a thread of its own, never the scheduler's or a channel's.
		BlockingCall<List<InetSocketAddress>> registry = new BlockingCall<>(this.calls,
				() -> this.instances.of(this.serviceId));
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
				return "Discovery of " + DiscoveryNameResolverProvider.this.serviceId;
			}

		};
	}

	@Override
	public String toString() {
		return "DiscoveryNameResolverProvider[serviceId=" + this.serviceId + ", refreshInterval="
				+ this.refreshInterval + ", minInterval=" + this.minInterval + "]";
	}

}
