package dev.dialtone.actuate;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.actuate.GrpcChannelsEndpoint.BackendDescriptor;
import dev.dialtone.actuate.GrpcChannelsEndpoint.ChannelDescriptor;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.actuate.GrpcChannelsEndpointAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The grpcchannels endpoint against a real channel with three backends on loopback.
 */
class GrpcChannelsEndpointTests {

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcChannelsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=grpcchannels");

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
		return "static://" + String.join(",", this.backends.stream().map(GreeterBackend::address).toList());
	}

	@Test
	void describesEveryBackendOfAHealthCheckedChannel() {
		this.backends.get(1).setServing(false);
		Instant before = Instant.now();
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=" + staticTarget(),
					"grpc.client.channels.greeter.health-check.service-name=" + GreeterBackend.SERVICE,
					"grpc.client.channels.greeter.retry.enabled=true",
					"grpc.client.channels.idle.target=static://127.0.0.1:1")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				GreeterGrpc.newBlockingStub(channels.channel("greeter")).sayHello(HelloRequest.newBuilder().build());
				GrpcChannelsEndpoint endpoint = context.getBean(GrpcChannelsEndpoint.class);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(endpoint.channel("greeter")
					.backends()
					.stream()
					.collect(Collectors.toMap(BackendDescriptor::address, (backend) -> backend.state() + "/" + backend.health())))
					.containsExactlyInAnyOrderEntriesOf(Map.of(this.backends.get(0).address(), "READY/SERVING",
							this.backends.get(1).address(), "READY/NOT_SERVING", this.backends.get(2).address(),
							"READY/SERVING")));
				ChannelDescriptor greeter = endpoint.channel("greeter");
				assertThat(greeter.name()).isEqualTo("greeter");
				assertThat(greeter.target()).isEqualTo(staticTarget());
				assertThat(greeter.state()).isEqualTo("READY");
				assertThat(greeter.lbPolicy()).isEqualTo("round_robin");
				assertThat(greeter.security()).isEqualTo("plaintext");
				assertThat(greeter.serviceConfig()).isEqualTo(Map.of("loadBalancingConfig",
						List.of(Map.of("round_robin", Map.of())), "healthCheckConfig",
						Map.of("serviceName", GreeterBackend.SERVICE), "methodConfig",
						List.of(Map.of("name", List.of(Map.of()), "retryPolicy",
								Map.of("maxAttempts", 3.0, "initialBackoff", "0.1s", "maxBackoff", "1s",
										"backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE"))))));
				assertThat(greeter.serviceConfig().toString()).doesNotContain("dialtone");
				assertThat(greeter.resolution().addresses())
					.containsExactlyElementsOf(this.backends.stream().map(GreeterBackend::address).toList());
				assertThat(Instant.parse(greeter.resolution().resolvedAt())).isBetween(before, Instant.now());
				assertThat(greeter.resolution().lastError()).isNull();
				// The NOT_SERVING backend is connected, says why it takes no calls, and gets none.
				BackendDescriptor notServing = greeter.backends()
					.stream()
					.filter((backend) -> backend.address().equals(this.backends.get(1).address()))
					.findFirst()
					.orElseThrow();
				assertThat(notServing.lastError()).contains("NOT_SERVING");
				assertThat(this.backends.get(1).calls()).isZero();
				assertThat(channels.activity("greeter").readyBackends()).isEqualTo(2);
				// It serves again: the endpoint follows.
				this.backends.get(1).setServing(true);
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(endpoint.channel("greeter")
					.backends()
					.stream()
					.map(BackendDescriptor::health)).containsExactly("SERVING", "SERVING", "SERVING"));
				assertThat(channels.activity("greeter").readyBackends()).isEqualTo(3);
				// Observing the verdicts did not add a second health check.
				assertThat(this.backends).allSatisfy((backend) -> assertThat(backend.healthWatches()).isOne());

				ChannelDescriptor idle = endpoint.channel("idle");
				assertThat(idle.state()).isEqualTo("IDLE");
				assertThat(idle.resolution().addresses()).isEmpty();
				assertThat(idle.resolution().resolvedAt()).isNull();
				assertThat(idle.backends()).isEmpty();
				assertThat(endpoint.channels().channels()).containsOnlyKeys("greeter", "idle");
				assertThat(endpoint.channel("nope")).isNull();
			});
	}

	@Test
	void showsWhatCallsGetPerMethodAsWrittenAndTheServiceConfigAsRun() {
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=" + staticTarget(),
					"grpc.client.channels.greeter.deadline=2s",
					"grpc.client.channels.greeter.methods[0].names=helloworld.Greeter/SayHello",
					"grpc.client.channels.greeter.methods[0].deadline=300ms",
					"grpc.client.channels.greeter.methods[0].retry.enabled=true",
					"grpc.client.channels.greeter.methods[0].max-request-message-size=1KB")
			.run((context) -> {
				ChannelDescriptor greeter = context.getBean(GrpcChannelsEndpoint.class).channel("greeter");
				assertThat(greeter.calls()).isEqualTo(List.of(
						Map.of("names", List.of("helloworld.Greeter/SayHello"), "deadline", "300ms", "retry",
								Map.of("maxAttempts", 3, "initialBackoff", "100ms", "maxBackoff", "1s",
										"backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE")),
								"maxRequestMessageSize", 1024),
						Map.of("names", List.of("*"), "deadline", "2s")));
				assertThat(greeter.serviceConfig()).isEqualTo(Map.of("loadBalancingConfig",
						List.of(Map.of("round_robin", Map.of())), "methodConfig",
						List.of(Map.of("name", List.of(Map.of("service", "helloworld.Greeter", "method", "SayHello")),
								"maxRequestMessageBytes", 1024.0, "retryPolicy",
								Map.of("maxAttempts", 3.0, "initialBackoff", "0.1s", "maxBackoff", "1s",
										"backoffMultiplier", 2.0, "retryableStatusCodes", List.of("UNAVAILABLE"))))));
			});
	}

	@Test
	void endpointIsAbsentUnlessExposed() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
					GrpcChannelsEndpointAutoConfiguration.class))
			.withPropertyValues("grpc.client.channels.greeter.target=" + staticTarget())
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcChannelsEndpoint.class));
	}

}
