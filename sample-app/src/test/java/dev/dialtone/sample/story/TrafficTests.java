package dev.dialtone.sample.story;

import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.annotation.Import;

import dev.dialtone.GrpcChannels;
import dev.dialtone.sample.proto.GreeterGrpc;
import dev.dialtone.sample.proto.HelloReply;
import dev.dialtone.sample.proto.HelloRequest;
import dev.dialtone.test.GrpcClientTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sample's traffic through its real greeter channel settings (application.yml: retry with 4
 * attempts), against a fake that fails every third call: Dialtone's test support as a user would
 * use it, without the embedded backends.
 */
@GrpcClientTest(properties = "sample.backends=external")
@Import(TrafficTests.FlakyGreeter.class)
class TrafficTests {

	/**
	 * Fails every third call on its first attempt, never a retry: with attempts of concurrent calls
	 * interleaved, failing by count alone could fail all four attempts of one call now and then.
	 */
	static class FlakyGreeter implements GreeterGrpc.AsyncService, BindableService {

		private static final Metadata.Key<String> PREVIOUS_ATTEMPTS = Metadata.Key.of("grpc-previous-rpc-attempts",
				Metadata.ASCII_STRING_MARSHALLER);

		private static final Context.Key<Boolean> RETRY = Context.key("retry");

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public ServerServiceDefinition bindService() {
			return ServerInterceptors.intercept(GreeterGrpc.bindService(this), new ServerInterceptor() {

				@Override
				public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
						ServerCallHandler<Q, R> next) {
					Context context = Context.current().withValue(RETRY, headers.containsKey(PREVIOUS_ATTEMPTS));
					return Contexts.interceptCall(context, call, headers, next);
				}

			});
		}

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
			if (this.calls.incrementAndGet() % 3 == 0 && !RETRY.get()) {
				responses.onError(Status.UNAVAILABLE.withDescription("every third call").asRuntimeException());
				return;
			}
			responses.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).setBackend("fake").build());
			responses.onCompleted();
		}

	}

	@Test
	void theSamplesRetryHidesTheFakesFailures(@Autowired GrpcChannels channels, @Autowired FlakyGreeter fake)
			throws InterruptedException {
		Tally tally = new Tally();
		Traffic.send(GreeterGrpc.newBlockingStub(channels.channel("greeter")), 100, 30, tally);
		assertThat(tally.servedBy("fake")).isEqualTo(30);
		assertThat(tally.failed()).isZero();
		assertThat(fake.calls.get()).isGreaterThan(30);
	}

}
