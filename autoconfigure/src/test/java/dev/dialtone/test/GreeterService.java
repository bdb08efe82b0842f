package dev.dialtone.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;
import dev.dialtone.test.proto.HelloRequest;

/**
 * The greeter that every test server runs, whatever its transport: it answers "Hello" and the
 * request's name, names the backend that answered, holds a call for the time the request asks
 * ({@code delay_millis}) and counts the calls it got.
 */
public final class GreeterService extends GreeterGrpc.GreeterImplBase {

	private final String backend;

	private final AtomicInteger calls = new AtomicInteger();

	private final List<Long> arrivals = Collections.synchronizedList(new ArrayList<>());

	private volatile Duration delay = Duration.ZERO;

	private volatile Status failure;

	/**
	 * @param backend what each reply names as the backend that answered: a name or an address
	 */
	public GreeterService(String backend) {
		this.backend = backend;
	}

	@Override
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
		answer("Hello ", request, responses);
	}

	@Override
	public void sayGoodbye(HelloRequest request, StreamObserver<HelloReply> responses) {
		answer("Goodbye ", request, responses);
	}

	private void answer(String greeting, HelloRequest request, StreamObserver<HelloReply> responses) {
		this.arrivals.add(System.nanoTime());
		this.calls.incrementAndGet();
		long delayMillis = request.getDelayMillis() + this.delay.toMillis();
		if (delayMillis > 0) {
			sleep(delayMillis);
		}
		Status failure = this.failure;
		if (failure != null) {
			responses.onError(failure.asRuntimeException());
			return;
		}
		responses.onNext(HelloReply.newBuilder().setMessage(greeting + request.getName()).setBackend(this.backend).build());
		responses.onCompleted();
	}

	/**
	 * Holds every call this much longer than its request asks, as a slow backend would.
	 */
	public void setDelay(Duration delay) {
		this.delay = delay;
	}

	/**
	 * Fails every call with this status from now on; null answers again.
	 */
	public void failWith(Status failure) {
		this.failure = failure;
	}

	/**
	 * When each call arrived, in {@link System#nanoTime()} terms, in order of arrival.
	 */
	public List<Long> arrivals() {
		synchronized (this.arrivals) {
			return List.copyOf(this.arrivals);
		}
	}

	private static void sleep(long millis) {
		try {
			// The backend's own work: a stand-in for a slow handler, not a test wait.
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/**
	 * How many calls this service got, counted as they arrive.
	 */
	public int calls() {
		return this.calls.get();
	}

}
