package dev.dialtone.internal.resolver;

import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.FutureTask;
import java.util.concurrent.RejectedExecutionException;

/**
 * A call that blocks (a registry's client, the system's name service) made for one target, on a
 * thread of a shared pool rather than on the scheduler that times every target's lookups: a call
 * that hangs holds up its own target only. One call runs at a time: while a call that was given up
 * on (its lookup timed out) has not returned, the next one fails at once instead of taking another
 * thread. Giving up on a call interrupts its thread.
 *
 * @param <T> what the call returns
 */
public final class BlockingCall<T> {

	private final Executor threads;

	private final Callable<T> call;

	private FutureTask<Void> running;

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
		if (this.running != null && !this.running.isDone()) {
			return CompletableFuture.failedFuture(new PreviousCallStillRunningException());
		}
		CompletableFuture<T> result = new CompletableFuture<>();
		FutureTask<Void> task = new FutureTask<>(() -> {
			try {
				result.complete(this.call.call());
			}
			catch (Throwable ex) {
				result.completeExceptionally(ex);
			}
		}, null);
		result.whenComplete((value, failure) -> {
			if (failure != null) {
				task.cancel(true);
			}
		});
		this.running = task;
		try {
			this.threads.execute(task);
		}
		catch (RejectedExecutionException ex) {
			result.completeExceptionally(ex);
		}
		return result;
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
