package dev.dialtone.resolver;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;

/**
 * The {@code dns} scheme of one Dialtone channel: a {@link RefreshingDnsNameResolver} that resolves
 * the target again every refresh interval, so that backends added behind a name get calls without
 * waiting for a connection to fail. Obtained from {@link DnsResolution#provider(Duration)} and
 * registered only in that channel's resolver registry.
 */
public final class RefreshingDnsNameResolverProvider extends NameResolverProvider {

	private static final String SCHEME = "dns";

	private final DnsLookup lookup;

	private final ScheduledExecutorService scheduler;

	private final Duration refreshInterval;

	private final Duration minInterval;

	RefreshingDnsNameResolverProvider(DnsLookup lookup, ScheduledExecutorService scheduler, Duration refreshInterval,
			Duration minInterval) {
		this.lookup = lookup;
		this.scheduler = scheduler;
		this.refreshInterval = refreshInterval;
		this.minInterval = minInterval;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!SCHEME.equals(targetUri.getScheme())) {
			return null;
		}
		DnsTarget target = DnsTarget.of(targetUri, args.getDefaultPort());
		return new RefreshingDnsNameResolver(target, this.lookup, this.scheduler, args.getSynchronizationContext(),
				new RefreshSchedule(this.refreshInterval, this.minInterval));
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
		// Above grpc-java's own DNS provider (5), for a registry that holds both.
		return 6;
	}

	@Override
	public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
	}

	@Override
	public String toString() {
		return "RefreshingDnsNameResolverProvider[refreshInterval=" + this.refreshInterval + ", minInterval="
				+ this.minInterval + "]";
	}

}
