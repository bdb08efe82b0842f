package dev.dialtone.channel;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import io.grpc.inprocess.InProcessChannelBuilder;

import dev.dialtone.resolver.ResolutionObserver;
import dev.dialtone.resolver.StaticNameResolverProvider;

/**
 * Builds a {@link ManagedChannel} from a {@link ChannelSpec}. Name resolvers are registered in a
 * registry of the channel's own, never in grpc-java's JVM-wide one, so channels built by other code
 * keep grpc-java's stock behaviour.
 */
public final class ChannelFactory {

	private final NameResolverProviders resolvers;

	private final BiConsumer<String, ManagedChannelBuilder<?>> customizer;

	/**
	 * @param resolvers the name resolvers channels may use
	 * @param customizer applied last to each builder, with the channel's name
	 */
	public ChannelFactory(NameResolverProviders resolvers, BiConsumer<String, ManagedChannelBuilder<?>> customizer) {
		this.resolvers = resolvers;
		this.customizer = customizer;
	}

	/**
	 * Builds the channel, which reports its resolutions and backends to the activity and logs its
	 * state changes. It connects lazily, on its first call.
	 * @param spec the channel's settings
	 * @param interceptors the channel's interceptors; the first one sees a call first
	 * @param activity where the channel's load balancer reports what it sees
	 */
	public ManagedChannel create(ChannelSpec spec, List<ClientInterceptor> interceptors, ChannelActivity activity) {
		ManagedChannelBuilder<?> builder = newBuilder(spec, activity);
		builder.defaultServiceConfig(ServiceConfig.observed(spec, ObservingLoadBalancerProvider.register(activity)));
		// The service config is Dialtone's, from the properties: what the operator sees is what runs.
		builder.disableServiceConfigLookUp();
		if (spec.retry() != null) {
			builder.enableRetry();
		}
		if (spec.keepaliveTime() != null) {
			builder.keepAliveTime(spec.keepaliveTime().toNanos(), TimeUnit.NANOSECONDS);
		}
		if (spec.keepaliveTimeout() != null) {
			builder.keepAliveTimeout(spec.keepaliveTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		if (spec.keepaliveWithoutCalls() != null) {
			builder.keepAliveWithoutCalls(spec.keepaliveWithoutCalls());
		}
		if (spec.idleTimeout() != null) {
			builder.idleTimeout(spec.idleTimeout().toNanos(), TimeUnit.NANOSECONDS);
		}
		if (spec.maxInboundMessageSize() != null) {
			builder.maxInboundMessageSize(spec.maxInboundMessageSize());
		}
		if (spec.userAgent() != null) {
			builder.userAgent(spec.userAgent());
		}
		if (spec.authority() != null) {
			builder.overrideAuthority(spec.authority());
		}
		List<ClientInterceptor> all = new ArrayList<>();
		if (spec.deadline() != null) {
			all.add(new DefaultDeadlineInterceptor(spec.deadline()));
		}
		all.addAll(interceptors);
		if (!all.isEmpty()) {
			// grpc-java runs the last interceptor given first; ours are listed outermost first.
			Collections.reverse(all);
			builder.intercept(all);
		}
		this.customizer.accept(spec.name(), builder);
		ManagedChannel channel = builder.build();
		ChannelStateLogger.watch(spec.name(), channel, activity);
		return channel;
	}

	private ManagedChannelBuilder<?> newBuilder(ChannelSpec spec, ChannelActivity activity) {
		ChannelTarget target = spec.target();
		if (target.isInProcess()) {
			return InProcessChannelBuilder.forName(target.grpcTarget());
		}
		NameResolverRegistry registry = new NameResolverRegistry();
		if (target.isStatic()) {
			registry.register(new StaticNameResolverProvider(target.staticAddresses()));
		}
		else {
			NameResolverProvider provider = this.resolvers.forScheme(target.scheme(), spec);
			if (provider != null) {
				registry.register(provider);
			}
		}
		// Dialtone's resolvers tell the activity of lookups they hide from the balancer (keeping old addresses).
		return Grpc.newChannelBuilder(target.grpcTarget(), spec.credentials(), registry)
			.setNameResolverArg(ResolutionObserver.ARG, activity);
	}

}
