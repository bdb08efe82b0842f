package dev.dialtone.internal.resolver;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.grpc.NameResolver;

/**
 * The resolver of one Dialtone channel whose backends a registry knows (a Spring Cloud
 * {@code DiscoveryClient}, etcd): each name resolver it makes looks them up on the channel's
 * schedule, and listens to the registry, which tells it when they may have changed. Registered only
 * in that channel's resolver registry.
 */
public final class RegistryNameResolverProvider extends InetNameResolverProvider {

	private final String service;

	private final Supplier<RefreshingNameResolver.Lookup> lookups;

	private final ScheduledExecutorService scheduler;

	private final Consumer<RefreshingNameResolver> listen;

	private final Consumer<RefreshingNameResolver> stopListening;

	private final Duration refreshInterval;

	private final Duration minInterval;

	private final String description;

	/**
	 * @param scheme the scheme of the channel's target
	 * @param service what the target names, the authority of the channel's calls
	 * @param lookups makes the lookup of each name resolver
	 * @param scheduler where the resolvers' refreshes are scheduled
	 * @param listen told of each resolver that starts, which the registry then tells of changes
	 * @param stopListening told of each resolver that shuts down
	 * @param refreshInterval how often the target is looked up again without a sign of change
	 * @param minInterval the shortest time between two lookups of one resolver
	 * @param description what the target is looked up from, for {@link #toString()}, e.g.
	 * {@code "prefix=greeter/"}
	 */
	public RegistryNameResolverProvider(String scheme, String service, Supplier<RefreshingNameResolver.Lookup> lookups,
			ScheduledExecutorService scheduler, Consumer<RefreshingNameResolver> listen,
			Consumer<RefreshingNameResolver> stopListening, Duration refreshInterval, Duration minInterval,
			String description) {
		super(scheme, 5);
		this.service = service;
		this.lookups = lookups;
		this.scheduler = scheduler;
		this.listen = listen;
		this.stopListening = stopListening;
		this.refreshInterval = refreshInterval;
		this.minInterval = minInterval;
		this.description = description;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!getDefaultScheme().equals(targetUri.getScheme())) {
			return null;
		}
		RefreshingNameResolver resolver = new RefreshingNameResolver(this.service, this.lookups.get(), this.scheduler,
				args, new RefreshSchedule(this.refreshInterval, this.minInterval), this.stopListening);
		this.listen.accept(resolver);
		return resolver;
	}

	@Override
	public String toString() {
		return "RegistryNameResolverProvider[scheme=" + getDefaultScheme() + ", " + this.description
				+ ", refreshInterval=" + this.refreshInterval + ", minInterval=" + this.minInterval + "]";
	}

}
