package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.ManagedChannel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.SteadyCalls;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.GreeterGrpc.GreeterBlockingStub;
import dev.dialtone.test.proto.HelloRequest;

import static dev.dialtone.test.GreeterCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * What a channel configured from properties does with real backends on loopback: balancing,
 * retry while backends die, health checking and deadlines.
 */
class ChannelBehaviourTests {

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@BeforeEach
	void startBackends() {
		for (String name : List.of("a", "b", "c")) {
			this.backends.add(GreeterBackend.start(name));
		}
	}

	@AfterEach
	void stopBackends() {
		this.backends.forEach(GreeterBackend::close);
	}

	private String staticTarget() {
		return "grpc.client.channels.greeter.target=static://"
				+ String.join(",", this.backends.stream().map(GreeterBackend::address).toList());
	}

	private static GreeterBlockingStub greeter(GrpcChannels channels) {
		return GreeterGrpc.newBlockingStub(channels.channel("greeter"));
	}

	@Test
	void roundRobinSpreadsCallsOverEveryBackend() {
		this.runner.withPropertyValues(staticTarget()).run((context) -> {
			GreeterBlockingStub greeter = greeter(context.getBean(GrpcChannels.class));
			awaitAllReady(context.getBean(GrpcChannels.class).channel("greeter"), greeter);
			int before = totalCalls();
			for (int i = 0; i < 300; i++) {
				greeter.sayHello(hello());
			}
			assertThat(totalCalls() - before).isEqualTo(300);
			assertThat(this.backends).allSatisfy((backend) -> assertThat(backend.calls()).isGreaterThanOrEqualTo(60));
		});
	}

	@Test
	void pickFirstSendsEveryCallToOneBackend() {
		this.runner.withPropertyValues(staticTarget(), "grpc.client.channels.greeter.lb-policy=pick_first")
			.run((context) -> {
				GreeterBlockingStub greeter = greeter(context.getBean(GrpcChannels.class));
				for (int i = 0; i < 300; i++) {
					greeter.sayHello(hello());
				}
				assertThat(this.backends.stream().map(GreeterBackend::calls)).containsOnlyOnce(300);
			});
	}

	@Test
	void retryHidesBackendsShutDownWhileCallsFlow() {
		this.runner
			.withPropertyValues(staticTarget(), "grpc.client.channels.greeter.retry.enabled=true",
					"grpc.client.channels.greeter.retry.max-attempts=5")
			.run((context) -> assertThat(failuresWhileTwoBackendsDie(context.getBean(GrpcChannels.class)))
				.isZero());
	}

	@Test
	void withoutRetryCallsFailWhileBackendsShutDown() {
		this.runner.withPropertyValues(staticTarget())
			.run((context) -> assertThat(failuresWhileTwoBackendsDie(context.getBean(GrpcChannels.class)))
				.isPositive());
	}

	/**
	 * Sends 50 calls a second for three seconds, each held 100 ms by its backend, and kills two of
	 * the three backends after one second.
	 */
	private int failuresWhileTwoBackendsDie(GrpcChannels channels) throws Exception {
		awaitAllReady(channels.channel("greeter"), GreeterGrpc.newBlockingStub(channels.channel("greeter")));
		return SteadyCalls.failures(channels.channel("greeter"), 150, Duration.ofMillis(20), Duration.ofMillis(100),
				Map.of(Duration.ofSeconds(1), () -> {
					this.backends.get(0).kill();
					this.backends.get(1).kill();
				}));
	}

	@Test
	void backendThatIsNotServingGetsNoCallsUntilItServesAgain() {
		this.runner.withPropertyValues(staticTarget(),
				"grpc.client.channels.greeter.health-check.service-name=" + GreeterBackend.SERVICE).run((context) -> {
					GreeterBlockingStub greeter = greeter(context.getBean(GrpcChannels.class));
					awaitAllReady(context.getBean(GrpcChannels.class).channel("greeter"), greeter);
					GreeterBackend sick = this.backends.get(1);
					sick.setServing(false);
					// Within a second of the change, the sick backend stops receiving calls.
					await().atMost(Duration.ofSeconds(1)).untilAsserted(() -> {
						int before = sick.calls();
						for (int i = 0; i < 30; i++) {
							greeter.sayHello(hello());
						}
						assertThat(sick.calls()).isEqualTo(before);
					});
					int during = sick.calls();
					for (int i = 0; i < 100; i++) {
						greeter.sayHello(hello());
					}
					assertThat(sick.calls()).isEqualTo(during);
					sick.setServing(true);
					await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> {
						greeter.sayHello(hello());
						assertThat(sick.calls()).isGreaterThan(during);
					});
				});
	}

	@Test
	void withoutHealthCheckingANotServingBackendStillGetsCalls() {
		this.runner.withPropertyValues(staticTarget()).run((context) -> {
			GreeterBlockingStub greeter = greeter(context.getBean(GrpcChannels.class));
			awaitAllReady(context.getBean(GrpcChannels.class).channel("greeter"), greeter);
			GreeterBackend sick = this.backends.get(1);
			sick.setServing(false);
			int before = sick.calls();
			for (int i = 0; i < 30; i++) {
				greeter.sayHello(hello());
			}
			assertThat(sick.calls()).isGreaterThan(before);
		});
	}

	@Test
	void slowCallFailsAtTheConfiguredDeadline() {
		this.runner.withPropertyValues(staticTarget(), "grpc.client.channels.greeter.deadline=300ms")
			.run((context) -> {
				GreeterBlockingStub greeter = greeter(context.getBean(GrpcChannels.class));
				greeter.sayHello(hello());
				long start = System.nanoTime();
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> greeter.sayHello(HelloRequest.newBuilder().setDelayMillis(2000).build()))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
				// A call's own deadline wins over the channel's.
				assertThat(greeter.withDeadlineAfter(5, TimeUnit.SECONDS)
					.sayHello(HelloRequest.newBuilder().setDelayMillis(600).build())
					.getBackend()).isNotEmpty();
			});
	}

	@Test
	void withoutDeadlineASlowCallCompletes() {
		this.runner.withPropertyValues(staticTarget()).run((context) -> {
			GreeterBlockingStub greeter = greeter(context.getBean(GrpcChannels.class));
			assertThat(greeter.sayHello(HelloRequest.newBuilder().setDelayMillis(600).build()).getBackend())
				.isNotEmpty();
		});
	}

	private int totalCalls() {
		return this.backends.stream().mapToInt(GreeterBackend::calls).sum();
	}

	/**
	 * Calls until every backend has answered once, so that round_robin has all of them in its list.
	 */
	private void awaitAllReady(ManagedChannel channel, GreeterBlockingStub greeter) {
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			greeter.sayHello(hello());
			return this.backends.stream().allMatch((backend) -> backend.calls() > 0);
		});
	}

}
