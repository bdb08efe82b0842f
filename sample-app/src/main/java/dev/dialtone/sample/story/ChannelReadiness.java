package dev.dialtone.sample.story;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

/**
 * Waits for a channel to connect, so that an act starts with calls that find a backend.
 */
final class ChannelReadiness {

	private ChannelReadiness() {
	}

	/**
	 * Asks the channel to connect and waits until it is READY or the timeout passed.
	 * @return the state the channel ended up in
	 */
	static ConnectivityState awaitReady(ManagedChannel channel, Duration timeout) throws InterruptedException {
		long deadline = System.nanoTime() + timeout.toNanos();
		ConnectivityState state = channel.getState(true);
		while (state != ConnectivityState.READY && System.nanoTime() < deadline) {
			CountDownLatch changed = new CountDownLatch(1);
			channel.notifyWhenStateChanged(state, changed::countDown);
			changed.await(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
			state = channel.getState(true);
		}
		return state;
	}

}
