package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.NameResolverRegistry;
import io.grpc.inprocess.InProcessChannelBuilder;

import org.springframework.boot.context.properties.PropertyMapper;

import dev.dialtone.internal.auth.AuthenticatingInterceptor;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.resolver.ResolutionObserver;

/**
 * Builds a {@link ManagedChannel} from a {@link ChannelSpec}. The name resolver is registered in a
 * registry of the channel's own, never in grpc-java's JVM-wide one, so channels built by other code
 * keep grpc-java's stock behaviour.
 */
public final class ChannelFactory {

	private final BiConsumer<String, ManagedChannelBuilder<?>> customizer;

	private final ChannelStateListener stateListener;

	/**
	 * @param customizer applied last to each builder, with the channel's name
	 * @param stateListener told of each channel's state changes
	 */
	public ChannelFactory(BiConsumer<String, ManagedChannelBuilder<?>> customizer, ChannelStateListener stateListener) {
		this.customizer = customizer;
		this.stateListener = stateListener;
		ObservingLoadBalancerProvider.register();
	}

	/**
	 * The channel, which reports its resolutions and backends to the activity and logs its state
	 * changes. grpc-java's channel is built on first use (see {@link LazyManagedChannel}), and
	 * connects on its first call.
	 * @param spec the channel's settings
	 * @param interceptors the channel's interceptors; the first one sees a call first
	 * @param activity where the channel's resolver and load balancer report what they see
	 */
	public ManagedChannel create(ChannelSpec spec, List<ClientInterceptor> interceptors, ChannelActivity activity) {
		List<ClientInterceptor> all = new ArrayList<>(interceptors);
		PropertyMapper map = PropertyMapper.get();
		// Innermost, so that the one attempt more after a rejected token is one call to the others.
		map.from(spec.auth())
			.as((auth) -> new AuthenticatingInterceptor(spec.name(), auth.authorization()))
			.to(all::add);
		// grpc-java runs the last interceptor given first; ours are listed outermost first.
		Collections.reverse(all);
		List<ClientInterceptor> reversed = List.copyOf(all);
		return new LazyManagedChannel(() -> build(spec, reversed, activity),
				new ChannelStateLogger(spec.name(), activity, this.stateListener), DefaultDeadlines.of(spec.calls()));
	}

	private ManagedChannel build(ChannelSpec spec, List<ClientInterceptor> interceptors, ChannelActivity activity) {
		ManagedChannelBuilder<?> builder = newBuilder(spec)
			// The resolver tells the activity of lookups it hides from the balancer (keeping old
			// addresses); the observing balancer reports the backends.
			.setNameResolverArg(ResolutionObserver.ARG, activity)
			.setNameResolverArg(ChannelActivity.ARG, activity)
			.defaultServiceConfig(ServiceConfig.observed(spec))
			// The service config is Dialtone's, from the properties: what the operator sees is what runs.
			.disableServiceConfigLookUp();
		if (spec.calls().retries()) {
			builder.enableRetry();
		}
		PropertyMapper map = PropertyMapper.get();
		ChannelSpec.Transport transport = spec.transport();
		map.from(transport.keepalive().time()).as(Duration::toNanos)
			.to((nanos) -> builder.keepAliveTime(nanos, TimeUnit.NANOSECONDS));
		map.from(transport.keepalive().timeout()).as(Duration::toNanos)
			.to((nanos) -> builder.keepAliveTimeout(nanos, TimeUnit.NANOSECONDS));
		map.from(transport.keepalive().withoutCalls()).to(builder::keepAliveWithoutCalls);
		map.from(transport.idleTimeout()).as(Duration::toNanos)
			.to((nanos) -> builder.idleTimeout(nanos, TimeUnit.NANOSECONDS));
		map.from(transport.maxInboundMessageSize()).to(builder::maxInboundMessageSize);
		map.from(transport.userAgent()).to(builder::userAgent);
		map.from(transport.security().authority()).to(builder::overrideAuthority);
		if (!interceptors.isEmpty()) {
			builder.intercept(interceptors);
		}
		this.customizer.accept(spec.name(), builder);
		ManagedChannel channel = builder.build();
		map.from(transport.security().bundle())
			// Connections that failed with the old material try the new one now, not after their backoff.
			.to((bundle) -> bundle.onReload(channel::resetConnectBackoff));
		return channel;
	}

	private static ManagedChannelBuilder<?> newBuilder(ChannelSpec spec) {
		ChannelTarget target = spec.target();
		if (target.isInProcess()) {
			return InProcessChannelBuilder.forName(target.grpcTarget());
		}
		NameResolverRegistry registry = new NameResolverRegistry();
		registry.register(target.resolver().provider(spec.resolution().refreshInterval()));
		return Grpc.newChannelBuilder(target.grpcTarget(), spec.transport().security().credentials(), registry);
	}

}
