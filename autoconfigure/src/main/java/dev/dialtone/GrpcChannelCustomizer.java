package dev.dialtone;

import io.grpc.ManagedChannelBuilder;

/**
 * Adjusts a channel's builder for what the properties do not cover. Every customizer bean is
 * called for every channel, in {@code @Order} order, after the properties have been applied.
 */
@FunctionalInterface
public interface GrpcChannelCustomizer {

	/**
	 * @param channelName the channel's name, as under {@code grpc.client.channels}
	 * @param builder the channel's builder, its properties applied
	 */
	void customize(String channelName, ManagedChannelBuilder<?> builder);

}
