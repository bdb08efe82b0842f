package dev.dialtone.resolver.discovery;

import java.net.URI;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.grpc.NameResolver;

import dev.dialtone.resolver.InetNameResolverProvider;
import dev.dialtone.resolver.RefreshSchedule;
import dev.dialtone.resolver.RefreshingNameResolver;

/**
 * The {@code discovery} scheme of one Dialtone channel: {@code discovery:///service-id} resolves to
 * the instances a Spring Cloud {@code DiscoveryClient} knows of that service. Obtained from
 * {@link DiscoveryResolution#provider(Duration)} and registered only in that channel's resolver
 * registry.
 */
public final class DiscoveryNameResolverProvider extends InetNameResolverProvider {

	/** The scheme of targets resolved through the application's {@code DiscoveryClient}. */
	public static final String SCHEME = "discovery";

	private final ServiceInstanceAddresses instances;

	private final ScheduledExecutorService scheduler;

	private final Set<RefreshingNameResolver> listening;

	private final Duration refreshInterval;

	private final Duration minInterval;

	DiscoveryNameResolverProvider(ServiceInstanceAddresses instances, ScheduledExecutorService scheduler,
			Set<RefreshingNameResolver> listening, Duration refreshInterval, Duration minInterval) {
		super(SCHEME, 5);
		this.instances = instances;
		this.scheduler = scheduler;
		this.listening = listening;
		this.refreshInterval = refreshInterval;
		this.minInterval = minInterval;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!SCHEME.equals(targetUri.getScheme())) {
			return null;
		}
		String serviceId = serviceId(targetUri);
		RefreshingNameResolver resolver = new RefreshingNameResolver(serviceId, lookupOf(serviceId), this.scheduler,
				args, new RefreshSchedule(this.refreshInterval, this.minInterval), this.listening::remove);
		this.listening.add(resolver);
		return resolver;
	}

	private RefreshingNameResolver.Lookup lookupOf(String serviceId) {
		return new RefreshingNameResolver.Lookup() {

			@Override
			public CompletableFuture<RefreshingNameResolver.Answer> lookUp() {
				// A registry call blocks; it runs on the shared discovery thread, never a channel's.
				return CompletableFuture.completedFuture(
						new RefreshingNameResolver.Answer(DiscoveryNameResolverProvider.this.instances.of(serviceId), null));
			}

			@Override
			public String describe() {
				return "Discovery of " + serviceId;
			}

		};
	}

	/**
	 * The service id of {@code discovery:///service-id}.
	 * @throws IllegalArgumentException when the target has an authority or no service id
	 */
	public static String serviceId(URI target) {
		String path = (target.getPath() != null) ? target.getPath() : "";
		String serviceId = path.startsWith("/") ? path.substring(1) : path;
		boolean hasAuthority = target.getAuthority() != null && !target.getAuthority().isEmpty();
		if (hasAuthority || serviceId.isEmpty() || serviceId.contains("/")) {
			throw new IllegalArgumentException("Expected discovery:///service-id, got '" + target + "'");
		}
		return serviceId;
	}

	@Override
	public String toString() {
		return "DiscoveryNameResolverProvider[refreshInterval=" + this.refreshInterval + ", minInterval="
				+ this.minInterval + "]";
	}

}
