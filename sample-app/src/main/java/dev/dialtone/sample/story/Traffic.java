package dev.dialtone.sample.story;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.StatusRuntimeException;

import dev.dialtone.sample.proto.GreeterGrpc.GreeterBlockingStub;
import dev.dialtone.sample.proto.HelloReply;
import dev.dialtone.sample.proto.HelloRequest;

/**
 * Calls at a steady rate, the way a busy client does: a call starts on schedule whether or not
 * the previous one has finished, each on its own thread through the blocking stub. Every outcome
 * is recorded in the current tally. Closing stops new calls and waits for those in flight.
 */
final class Traffic implements AutoCloseable {

	private static final HelloRequest HELLO = HelloRequest.newBuilder().setName("Dialtone").build();

	private final GreeterBlockingStub greeter;

	private final int limit;

	private final AtomicInteger started = new AtomicInteger();

	private final CountDownLatch allStarted = new CountDownLatch(1);

	private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(daemon("traffic-clock"));

	private final ExecutorService callers = Executors.newCachedThreadPool(daemon("traffic-call"));

	private volatile Tally tally;

	private Traffic(GreeterBlockingStub greeter, int callsPerSecond, int limit, Tally tally) {
		this.greeter = greeter;
		this.limit = limit;
		this.tally = tally;
		this.clock.scheduleAtFixedRate(this::startCall, 0, TimeUnit.SECONDS.toNanos(1) / callsPerSecond,
				TimeUnit.NANOSECONDS);
	}

	/**
	 * Starts calls that go on until closed.
	 */
	static Traffic start(GreeterBlockingStub greeter, int callsPerSecond, Tally tally) {
		return new Traffic(greeter, callsPerSecond, Integer.MAX_VALUE, tally);
	}

	/**
	 * Makes {@code count} calls at the rate and returns once all have ended.
	 */
	static void send(GreeterBlockingStub greeter, int callsPerSecond, int count, Tally tally)
			throws InterruptedException {
		try (Traffic traffic = new Traffic(greeter, callsPerSecond, count, tally)) {
			traffic.allStarted.await();
		}
	}

	/**
	 * Records calls started from now on in another tally; calls in flight stay in the old one.
	 */
	void countInto(Tally tally) {
		this.tally = tally;
	}

	private void startCall() {
		int number = this.started.incrementAndGet();
		if (number > this.limit) {
			return;
		}
		Tally current = this.tally;
		this.callers.execute(() -> call(current));
		if (number == this.limit) {
			this.allStarted.countDown();
		}
	}

	private void call(Tally tally) {
		try {
			HelloReply reply = this.greeter.sayHello(HELLO);
			tally.served(reply.getBackend());
		}
		catch (StatusRuntimeException ex) {
			tally.failed(ex.getStatus());
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.clock.shutdownNow();
		this.callers.shutdown();
		// Every call carries the channel's deadline, so this only waits out a broken backend.
		if (!this.callers.awaitTermination(30, TimeUnit.SECONDS)) {
			throw new IllegalStateException("Calls still in flight 30s after the traffic stopped");
		}
	}

	private static ThreadFactory daemon(String name) {
		AtomicInteger count = new AtomicInteger();
		return (task) -> {
			Thread thread = new Thread(task, name + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
