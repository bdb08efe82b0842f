package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;

/**
 * The {@code dns} scheme of one Dialtone channel: a {@link RefreshingNameResolver} that resolves
 * the target again every refresh interval, so that backends added behind a name get calls without
 * waiting for a connection to fail. Obtained from {@link DnsResolution#provider(DnsTarget, Duration)} and
 * registered only in that channel's resolver registry.
 */
final class RefreshingDnsNameResolverProvider extends InetNameResolverProvider {

	private final DnsTarget target;

	private final Lookups lookups;

	private final ScheduledExecutorService scheduler;

	private final Duration refreshInterval;

	private final Duration minInterval;

	RefreshingDnsNameResolverProvider(DnsTarget target, Lookups lookups, ScheduledExecutorService scheduler,
			Duration refreshInterval, Duration minInterval) {
		// Above grpc-java's own DNS provider (5), for a registry that holds both.
		super("dns", 6);
		this.target = target;
		this.lookups = lookups;
		this.scheduler = scheduler;
		this.refreshInterval = refreshInterval;
		this.minInterval = minInterval;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!getDefaultScheme().equals(targetUri.getScheme())) {
			return null;
		}
		// The target was read at startup; the port it lacks is the transport's default.
		DnsTarget target = this.target;
		int port = target.port(args.getDefaultPort());
		InetSocketAddress literal = target.literal(args.getDefaultPort());
		if (literal != null) {
			// An IP address needs no query and never changes.
			return new FixedNameResolver(target.authority(), List.of(new EquivalentAddressGroup(literal)));
		}
		Supplier<CompletableFuture<RefreshingNameResolver.Answer>> lookUp = this.lookups.of(target, port);
		RefreshingNameResolver.Lookup lookup = new RefreshingNameResolver.Lookup() {

			@Override
			public CompletableFuture<RefreshingNameResolver.Answer> lookUp() {
				return lookUp.get();
			}

			@Override
			public String describe() {
				return "DNS lookup of " + target.authority();
			}

		};
		return new RefreshingNameResolver(target.authority(), lookup, this.scheduler, args,
				new RefreshSchedule(this.refreshInterval, this.minInterval), (resolver) -> {
				});
	}

	/**
	 * Makes the lookup of one channel's target.
	 */
	@FunctionalInterface
	interface Lookups {

		Supplier<CompletableFuture<RefreshingNameResolver.Answer>> of(DnsTarget target, int port);

	}

	@Override
	public String toString() {
		return "RefreshingDnsNameResolverProvider[refreshInterval=" + this.refreshInterval + ", minInterval="
				+ this.minInterval + "]";
	}

}
