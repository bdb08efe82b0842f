package dev.dialtone.internal.channel;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.jspecify.annotations.Nullable;

/**
 * Told of each state change of each channel, from the channel's synchronization context: an
 * implementation must hand slow work to a thread of its own.
 */
@FunctionalInterface
public interface ChannelStateListener {

	/**
	 * @param name the channel's name
	 * @param channel the channel
	 * @param from the state before
	 * @param to the state now
	 * @param reason why, where known, or null
	 */
	void changed(String name, ManagedChannel channel, ConnectivityState from, ConnectivityState to,
			@Nullable String reason);

}
