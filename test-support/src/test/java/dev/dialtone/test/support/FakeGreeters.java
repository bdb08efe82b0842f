package dev.dialtone.test.support;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.Status;
import io.grpc.stub.StreamObserver;

import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;
import dev.dialtone.test.proto.HelloRequest;

/**
 * Fakes a test declares as beans.
 */
final class FakeGreeters {

	private FakeGreeters() {
	}

	/**
	 * Fails each name's first SayHello with UNAVAILABLE, then answers; holds SayGoodbye for a
	 * second, past its method's deadline.
	 */
	static final class FlakyGreeter extends GreeterGrpc.GreeterImplBase {

		final AtomicInteger attempts = new AtomicInteger();

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
			if (this.attempts.incrementAndGet() % 2 == 1) {
				responses.onError(Status.UNAVAILABLE.withDescription("flaky").asRuntimeException());
				return;
			}
			responses.onNext(HelloReply.newBuilder().setMessage("flaky hello " + request.getName()).build());
			responses.onCompleted();
		}

		@Override
		public void sayGoodbye(HelloRequest request, StreamObserver<HelloReply> responses) {
			try {
				// The fake's own slowness, which the method's deadline must cut short.
				Thread.sleep(1000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			responses.onNext(HelloReply.newBuilder().setMessage("too late").build());
			responses.onCompleted();
		}

	}

	/**
	 * Answers every call at once, naming itself.
	 */
	static final class PlainGreeter extends GreeterGrpc.GreeterImplBase {

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
			responses.onNext(HelloReply.newBuilder().setMessage("plain hello " + request.getName()).build());
			responses.onCompleted();
		}

	}

}
