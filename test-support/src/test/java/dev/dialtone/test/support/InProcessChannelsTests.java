package dev.dialtone.test.support;

import io.grpc.ConnectivityState;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.health.v1.HealthCheckRequest;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.health.v1.HealthGrpc;
import io.grpc.protobuf.services.HealthStatusManager;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.AutoConfigureInProcessChannels;
import dev.dialtone.test.InProcessGrpcServer;
import dev.dialtone.test.support.app.CallRecorder;
import dev.dialtone.test.support.app.GreetingApplication;
import dev.dialtone.test.support.app.Greetings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The application's channel points at a name that does not exist and asks for TLS; with the
 * annotation its calls reach the fakes, and its own deadline, retry and interceptor act on them.
 */
@SpringBootTest(classes = { GreetingApplication.class, InProcessChannelsTests.Fakes.class })
@AutoConfigureInProcessChannels
class InProcessChannelsTests {

	@Autowired
	private Greetings greetings;

	@Autowired
	private FakeGreeters.FlakyGreeter fake;

	@Autowired
	private CallRecorder recorder;

	@Autowired
	private GrpcChannels channels;

	@Autowired
	private InProcessGrpcServer server;

	@TestConfiguration(proxyBeanMethods = false)
	static class Fakes {

		@Bean
		FakeGreeters.FlakyGreeter flakyGreeter() {
			return new FakeGreeters.FlakyGreeter();
		}

	}

	@Test
	void callsReachTheFakeAndTheChannelsRetryHidesItsFailure() {
		int before = this.fake.attempts.get();
		assertThat(this.greetings.hello("Ada")).isEqualTo("flaky hello Ada");
		assertThat(this.fake.attempts.get() - before).isEqualTo(2);
	}

	@Test
	void theMethodsDeadlineCutsASlowFakeShort() {
		assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> this.greetings.goodbye("Ada"))
			.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
	}

	@Test
	void theApplicationsInterceptorSeesTheCalls() {
		this.greetings.hello("Grace");
		assertThat(this.recorder.methods()).contains("helloworld.Greeter/SayHello");
	}

	@Test
	void everyChannelCallsThisContextsServerWithoutLookupOrTls() {
		assertThat(this.channels.settings("greeter").target()).isEqualTo(this.server.target());
		assertThat(this.channels.settings("greeter").security()).isEqualTo("in-process");
		assertThat(this.channels.settings("other").target()).isEqualTo(this.server.target());
		assertThat(this.server.name()).startsWith("dialtone-test-");
		this.greetings.hello("Alan");
		assertThat(this.channels.channel("greeter").getState(false)).isEqualTo(ConnectivityState.READY);
		assertThat(Thread.getAllStackTraces().keySet()).extracting(Thread::getName)
			.noneMatch((name) -> name.startsWith("dialtone-dns"));
	}

	@Test
	void theServerServesAHealthServiceTheTestControls(@Autowired HealthStatusManager health) {
		assertThat(this.server.services()).contains("grpc.health.v1.Health", "helloworld.Greeter");
		HealthGrpc.HealthBlockingStub checks = HealthGrpc.newBlockingStub(this.channels.channel("greeter"));
		HealthCheckRequest greeter = HealthCheckRequest.newBuilder().setService("helloworld.Greeter").build();
		// Served services start SERVING, as a real server says once it runs.
		assertThat(checks.check(greeter).getStatus()).isEqualTo(ServingStatus.SERVING);
		health.setStatus("helloworld.Greeter", ServingStatus.NOT_SERVING);
		assertThat(checks.check(greeter).getStatus()).isEqualTo(ServingStatus.NOT_SERVING);
		health.setStatus("helloworld.Greeter", ServingStatus.SERVING);
	}

}
