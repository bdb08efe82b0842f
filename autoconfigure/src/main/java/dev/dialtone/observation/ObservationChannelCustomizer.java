package dev.dialtone.observation;

import io.grpc.ManagedChannelBuilder;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

import dev.dialtone.GrpcChannelCustomizer;

/**
 * Gives every channel Micrometer's {@link ObservationGrpcClientInterceptor}, so that each call is
 * observed (timed, and traced where tracing is set up), with the channel's name as a key. Each
 * channel gets an interceptor of its own because the observation's keys cannot otherwise tell
 * which channel a call went through. Customizers run after the properties and
 * {@code @GrpcClientInterceptor} beans were applied, so the observation is the outermost
 * interceptor: it covers the time every other interceptor takes.
 */
public final class ObservationChannelCustomizer implements GrpcChannelCustomizer {

	private final ObservationRegistry registry;

	private final GrpcClientObservationConvention convention;

	/**
	 * @param registry where the observations go
	 * @param convention names and tags the observations; the channel's key is added to its keys
	 */
	public ObservationChannelCustomizer(ObservationRegistry registry, GrpcClientObservationConvention convention) {
		this.registry = registry;
		this.convention = convention;
	}

	@Override
	public void customize(String channelName, ManagedChannelBuilder<?> builder) {
		ObservationGrpcClientInterceptor interceptor = new ObservationGrpcClientInterceptor(this.registry);
		interceptor.setCustomConvention(new ChannelObservationConvention(channelName, this.convention));
		builder.intercept(interceptor);
	}

}
