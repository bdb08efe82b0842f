package dev.dialtone.observation;

import io.micrometer.common.KeyValue;
import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationConvention;

/**
 * Names and tags a call's observation as another convention does, and adds the low-cardinality key
 * {@value #CHANNEL_KEY} with the name of the Dialtone channel the call went through: the
 * observation's own keys name the service and the peer, never which configured channel it was.
 */
public final class ChannelObservationConvention implements GrpcClientObservationConvention {

	/**
	 * The key that holds the channel's name; the same as the tag of Dialtone's channel meters, so
	 * that call metrics and channel metrics can be joined.
	 */
	public static final String CHANNEL_KEY = "channel";

	private final KeyValue channel;

	private final GrpcClientObservationConvention delegate;

	/**
	 * @param channelName the channel's name, as under {@code grpc.client.channels}
	 * @param delegate the convention that names the observation and gives its other keys
	 */
	public ChannelObservationConvention(String channelName, GrpcClientObservationConvention delegate) {
		this.channel = KeyValue.of(CHANNEL_KEY, channelName);
		this.delegate = delegate;
	}

	@Override
	public String getName() {
		return this.delegate.getName();
	}

	@Override
	public String getContextualName(GrpcClientObservationContext context) {
		return this.delegate.getContextualName(context);
	}

	@Override
	public KeyValues getLowCardinalityKeyValues(GrpcClientObservationContext context) {
		return this.delegate.getLowCardinalityKeyValues(context).and(this.channel);
	}

	@Override
	public KeyValues getHighCardinalityKeyValues(GrpcClientObservationContext context) {
		return this.delegate.getHighCardinalityKeyValues(context);
	}

}
