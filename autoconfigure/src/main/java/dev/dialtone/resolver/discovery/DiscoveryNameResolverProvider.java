package dev.dialtone.resolver.discovery;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

import dev.dialtone.resolver.RefreshSchedule;

/**
 * The {@code discovery} scheme of one Dialtone channel: {@code discovery:///service-id} resolves to
 * the instances a Spring Cloud {@code DiscoveryClient} knows of that service. Obtained from
 * {@link DiscoveryResolution#provider(Duration)} and registered only in that channel's resolver
 * registry.
 */
public final class DiscoveryNameResolverProvider extends NameResolverProvider {

	/** The scheme of targets resolved through the application's {@code DiscoveryClient}. */
	public static final String SCHEME = "discovery";

	private final ServiceInstanceAddresses instances;

	private final ScheduledExecutorService scheduler;

	private final Set<DiscoveryNameResolver> listening;

	private final Duration refreshInterval;

	private final Duration minInterval;

	DiscoveryNameResolverProvider(ServiceInstanceAddresses instances, ScheduledExecutorService scheduler,
			Set<DiscoveryNameResolver> listening, Duration refreshInterval, Duration minInterval) {
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
		return new DiscoveryNameResolver(serviceId(targetUri), this.instances, this.scheduler,
				args.getSynchronizationContext(), new RefreshSchedule(this.refreshInterval, this.minInterval),
				this.listening);
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
	public String getDefaultScheme() {
		return SCHEME;
	}

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return 5;
	}

	@Override
	public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
	}

	@Override
	public String toString() {
		return "DiscoveryNameResolverProvider[refreshInterval=" + this.refreshInterval + ", minInterval="
				+ this.minInterval + "]";
	}

}
