package dev.dialtone;

import java.time.Duration;
import java.util.Set;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

/**
 * Every channel configured under {@code grpc.client.channels}, by name: a bean that owns the
 * channels, which are set up at startup (their settings validated; grpc-java's channel itself is
 * built on first use) and closed at shutdown after calls in flight had their grace period.
 */
public interface GrpcChannels {

	/**
	 * The channel of this name.
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	ManagedChannel channel(String name);

	/**
	 * The names of all channels, in configuration order.
	 */
	Set<String> names();

	/**
	 * The settings the channel of this name was built from, defaults merged in.
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	GrpcChannelSettings settings(String name);

	/**
	 * What the channel of this name has seen lately: resolved addresses, backends, errors.
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	GrpcChannelActivity activity(String name);

	/**
	 * Asks the channel to connect, again after each failure, and waits until it is READY or the
	 * timeout has passed, following its state changes rather than polling.
	 * @return the state the channel is in when it became READY or the timeout passed
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	ConnectivityState awaitReady(String name, Duration timeout);

}
