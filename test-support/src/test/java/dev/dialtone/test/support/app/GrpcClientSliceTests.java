package dev.dialtone.test.support.app;

import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Import;

import dev.dialtone.test.GrpcClientTest;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;
import dev.dialtone.test.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The client test slice: Dialtone, the named component, the application's interceptor and the
 * fake; nothing else of the application. It lives beside the application, as a user's test would,
 * so that the slice finds the application's configuration.
 */
@GrpcClientTest(Greetings.class)
@Import(GrpcClientSliceTests.FakeGreeter.class)
class GrpcClientSliceTests {

	static class FakeGreeter extends GreeterGrpc.GreeterImplBase {

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
			responses.onNext(HelloReply.newBuilder().setMessage("sliced hello " + request.getName()).build());
			responses.onCompleted();
		}

	}

	@Autowired
	private Greetings greetings;

	@Test
	void theComponentCallsTheFakeThroughTheApplicationsChannelSettings(@Autowired CallRecorder recorder) {
		assertThat(this.greetings.hello("Ada")).isEqualTo("sliced hello Ada");
		assertThat(recorder.methods()).contains("helloworld.Greeter/SayHello");
	}

	@Test
	void theRestOfTheApplicationIsLeftOut(@Autowired ApplicationContext context) {
		assertThat(context.getBeanNamesForType(UnrelatedService.class)).isEmpty();
	}

}
