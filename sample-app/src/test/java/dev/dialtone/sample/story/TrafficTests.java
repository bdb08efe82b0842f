package dev.dialtone.sample.story;

import java.util.concurrent.atomic.AtomicInteger;

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

	static class FlakyGreeter extends GreeterGrpc.GreeterImplBase {

		final AtomicInteger calls = new AtomicInteger();

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
			if (this.calls.incrementAndGet() % 3 == 0) {
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
