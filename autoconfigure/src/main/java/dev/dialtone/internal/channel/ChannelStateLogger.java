package dev.dialtone.internal.channel;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dialtone.GrpcChannels;

/**
 * Logs a channel's state changes, one INFO line when it becomes ready, fails or shuts down, with
 * the reason where the channel's activity knows it, and tells a listener of each. Watches with
 * {@link ManagedChannel#notifyWhenStateChanged}, which never makes the channel connect.
 */
final class ChannelStateLogger {

	// Named after the public GrpcChannels, so that logging settings survive changes inside Dialtone.
	private static final Log logger = LogFactory.getLog(GrpcChannels.class);

	private final String name;

	private final ManagedChannel channel;

	private final ChannelActivity activity;

	private final ChannelStateListener listener;

	private ChannelStateLogger(String name, ManagedChannel channel, ChannelActivity activity,
			ChannelStateListener listener) {
		this.name = name;
		this.channel = channel;
		this.activity = activity;
		this.listener = listener;
	}

	static void watch(String name, ManagedChannel channel, ChannelActivity activity, ChannelStateListener listener) {
		ChannelStateLogger watcher = new ChannelStateLogger(name, channel, activity, listener);
		watcher.watchFrom(channel.getState(false));
	}

	private void watchFrom(ConnectivityState current) {
		if (current == ConnectivityState.SHUTDOWN) {
			return;
		}
		this.channel.notifyWhenStateChanged(current, () -> {
			ConnectivityState next = this.channel.getState(false);
			log(current, next);
			watchFrom(next);
		});
	}

	private void log(ConnectivityState from, ConnectivityState to) {
		if (from == to) {
			return;
		}
		String reason = (to == ConnectivityState.TRANSIENT_FAILURE) ? this.activity.failureReason() : null;
		this.listener.changed(this.name, this.channel, from, to, reason);
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
