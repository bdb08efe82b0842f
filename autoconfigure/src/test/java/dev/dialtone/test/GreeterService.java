package dev.dialtone.test;

import java.util.concurrent.atomic.AtomicInteger;

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

	/**
	 * @param backend what each reply names as the backend that answered: a name or an address
	 */
	public GreeterService(String backend) {
		this.backend = backend;
	}

	@Override
	public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
		this.calls.incrementAndGet();
		if (request.getDelayMillis() > 0) {
			sleep(request.getDelayMillis());
		}
		responses.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).setBackend(this.backend).build());
		responses.onCompleted();
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
