package dev.dialtone.internal.channel;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

/**
 * Waits for a channel to become READY, following its state changes rather than polling.
 */
final class ChannelReadiness {

	private ChannelReadiness() {
	}

	/**
	 * Asks the channel to connect (again, after each failure) and waits until it is READY or the
	 * deadline passed.
	 * @param channel the channel
	 * @param deadlineNanos the deadline, in {@link System#nanoTime()} terms
	 * @return the state the channel is in when it is READY or the deadline passed
	 */
	static ConnectivityState await(ManagedChannel channel, long deadlineNanos) {
		ConnectivityState state = channel.getState(true);
		try {
			while (state != ConnectivityState.READY && state != ConnectivityState.SHUTDOWN) {
				long remaining = deadlineNanos - System.nanoTime();
				if (remaining <= 0) {
					break;
				}
				CountDownLatch changed = new CountDownLatch(1);
				channel.notifyWhenStateChanged(state, changed::countDown);
				changed.await(remaining, TimeUnit.NANOSECONDS);
				state = channel.getState(true);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			state = channel.getState(false);
		}
		return state;
	}

}
