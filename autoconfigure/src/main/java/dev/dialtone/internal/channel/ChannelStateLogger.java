package dev.dialtone.internal.channel;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dialtone.GrpcChannels;

/**
 * Logs a channel's state changes, one INFO line when it becomes ready, fails or shuts down, with
 * the reason where the channel's activity knows it, and tells a listener of each. Watches with
 * {@link ManagedChannel#notifyWhenStateChanged}, which never makes the channel connect. A channel
 * is watched from when grpc-java's channel is built, on first use; one shut down before that is
 * told as IDLE to SHUTDOWN, as a built one that never connected would be.
 */
final class ChannelStateLogger {

	// Named after the public GrpcChannels, so that logging settings survive changes inside Dialtone.
	private static final Log logger = LogFactory.getLog(GrpcChannels.class);

	private final String name;

	private final ChannelActivity activity;

	private final ChannelStateListener listener;

	/**
	 * @param name the channel's name
	 * @param activity where the reason of a failure is read
	 * @param listener told of each change
	 */
	ChannelStateLogger(String name, ChannelActivity activity, ChannelStateListener listener) {
		this.name = name;
		this.activity = activity;
		this.listener = listener;
	}

	/**
	 * Watches the grpc-java channel from its current state on.
	 * @param channel the channel the application holds, named to the listener
	 * @param built its grpc-java channel, just built
	 */
	void watch(ManagedChannel channel, ManagedChannel built) {
		watchFrom(channel, built, built.getState(false));
	}

	/**
	 * Tells of a channel shut down before it was built.
	 * @param channel the channel the application holds
	 */
	void shutDownUnbuilt(ManagedChannel channel) {
		log(channel, ConnectivityState.IDLE, ConnectivityState.SHUTDOWN);
	}

	private void watchFrom(ManagedChannel channel, ManagedChannel built, ConnectivityState current) {
		if (current == ConnectivityState.SHUTDOWN) {
			return;
		}
		built.notifyWhenStateChanged(current, () -> {
			ConnectivityState next = built.getState(false);
			log(channel, current, next);
			watchFrom(channel, built, next);
		});
	}

	private void log(ManagedChannel channel, ConnectivityState from, ConnectivityState to) {
		if (from == to) {
			return;
		}
		String reason = (to == ConnectivityState.TRANSIENT_FAILURE) ? this.activity.failureReason() : null;
		this.listener.changed(this.name, channel, from, to, reason);
		String message = "gRPC channel '" + this.name + "' went from " + from + " to " + to;
		if (to == ConnectivityState.TRANSIENT_FAILURE) {
			message += (reason != null) ? ": " + reason : "";
			logger.info(message);
		}
		else if (to == ConnectivityState.READY || to == ConnectivityState.SHUTDOWN
				|| from == ConnectivityState.READY || from == ConnectivityState.TRANSIENT_FAILURE) {
			logger.info(message);
		}
		else if (logger.isDebugEnabled()) {
			logger.debug(message);
		}
	}

}
