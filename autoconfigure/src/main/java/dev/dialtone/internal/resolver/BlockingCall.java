package dev.dialtone.internal.resolver;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A call that blocks (a registry's client, the system's name service) made for one target, on a
 * thread of a shared pool rather than on the scheduler that times every target's lookups: a call
 * that hangs holds up its own target only. One call runs at a time: while a call that was given up
 * on has not returned, the next one fails at once instead of taking another thread, so a target
 * whose calls hang holds one thread at most. Giving up on a call interrupts its thread.
 *
 * @param <T> what the call returns
 */
public final class BlockingCall<T> {

	private final Executor threads;

	private final Callable<T> call;

	private boolean running;

	/**
	 * @param threads the pool the call runs on
	 * @param call the call
	 */
	public BlockingCall(Executor threads, Callable<T> call) {
		this.threads = threads;
		this.call = call;
	}

	/**
	 * Starts the call; cancelling the returned future, or completing it with an exception,
	 * interrupts the call.
	 */
	public synchronized CompletableFuture<T> start() {
		if (this.running) {
			return CompletableFuture.failedFuture(new PreviousCallStillRunningException());
		}
		this.running = true;
		CompletableFuture<T> result = new CompletableFuture<>();
		AtomicReference<Thread> worker = new AtomicReference<>();
		Runnable task = () -> {
			worker.set(Thread.currentThread());
			try {
				if (!result.isDone()) {
					result.complete(this.call.call());
				}
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
			finally {
				worker.set(null);
				// An interrupt that came too late for this call is not the next one's.
				Thread.interrupted();
				finished();
			}
		};
		result.whenComplete((value, failure) -> {
			Thread thread = worker.get();
			if (failure != null && thread != null) {
				thread.interrupt();
			}
		});
		try {
			this.threads.execute(task);
		}
		catch (RejectedExecutionException ex) {
			this.running = false;
			result.completeExceptionally(ex);
		}
		return result;
	}

	private synchronized void finished() {
		this.running = false;
	}

	/**
	 * The call made for this target before has not returned yet.
	 */
	public static final class PreviousCallStillRunningException extends IllegalStateException {

		PreviousCallStillRunningException() {
			super("The previous call has not returned yet");
		}

	}

}
