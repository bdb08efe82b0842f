package dev.dialtone.internal.resolver;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A blocking call given up on is interrupted, and one that does not stop when interrupted holds
 * its thread alone: the next call of its target fails at once until it returns.
 */
class BlockingCallTests {

	private final ThreadPoolExecutor threads = DaemonThreads.blockingCalls("test-blocking-call");

	private final CountDownLatch release = new CountDownLatch(1);

	@AfterEach
	void stop() {
		this.release.countDown();
		this.threads.shutdownNow();
	}

	@Test
	void givingUpOnACallInterruptsIt() {
		AtomicBoolean interrupted = new AtomicBoolean();
		BlockingCall<String> call = new BlockingCall<>(this.threads, () -> {
			try {
				this.release.await();
				return "late";
			}
			catch (InterruptedException ex) {
				interrupted.set(true);
				throw ex;
			}
		});
		CompletableFuture<String> first = call.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.threads.getActiveCount() == 1);
		first.cancel(true);
		await().atMost(Duration.ofSeconds(5)).until(interrupted::get);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.threads.getActiveCount() == 0);
		assertThat(call.start()).isNotCompletedExceptionally();
	}

	@Test
	void aCallThatIgnoresItsInterruptHoldsOneThreadAndTheNextCallFailsAtOnce() {
		BlockingCall<String> call = new BlockingCall<>(this.threads, () -> {
			while (true) {
				try {
					this.release.await();
					return "returned";
				}
				catch (InterruptedException ex) {
					// A call that cannot be stopped, such as the system's name service.
				}
			}
		});
		CompletableFuture<String> first = call.start();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.threads.getActiveCount() == 1);
		first.cancel(true);
		for (int i = 0; i < 5; i++) {
			assertThat(call.start()).failsWithin(Duration.ZERO)
				.withThrowableThat()
				.withCauseInstanceOf(BlockingCall.PreviousCallStillRunningException.class);
		}
		assertThat(this.threads.getPoolSize()).isEqualTo(1);
		this.release.countDown();
		await().atMost(Duration.ofSeconds(5)).until(() -> this.threads.getActiveCount() == 0);
		assertThat(call.start()).succeedsWithin(Duration.ofSeconds(5)).isEqualTo("returned");
	}

}
