package dev.dialtone.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannelActivity;
import dev.dialtone.GrpcChannels;
import dev.dialtone.actuate.GrpcChannelsEndpoint;
import dev.dialtone.actuate.GrpcChannelsEndpoint.BackendDescriptor;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.actuate.GrpcChannelsEndpointAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.proto.GreeterGrpc;

import static dev.dialtone.test.GreeterCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A backend that fails every call is ejected by outlier detection, gets no calls while ejected,
 * and the endpoint says why; with client-side health checking too.
 */
class OutlierDetectionTests {

	private static final String CHANNEL = "grpc.client.channels.greeter.";

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcChannelsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=grpcchannels",
				CHANNEL + "outlier-detection.enabled=true", CHANNEL + "outlier-detection.interval=500ms",
				CHANNEL + "outlier-detection.base-ejection-time=60s",
				CHANNEL + "outlier-detection.max-ejection-percent=50",
				CHANNEL + "outlier-detection.success-rate.enforcement-percentage=0",
				CHANNEL + "outlier-detection.failure-percentage.threshold=50",
				CHANNEL + "outlier-detection.failure-percentage.minimum-hosts=3",
				CHANNEL + "outlier-detection.failure-percentage.request-volume=10");

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
	}

	private static void tryCalls(Channel channel, int count) {
		for (int i = 0; i < count; i++) {
			try {
				GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).sayHello(hello());
			}
			catch (StatusRuntimeException ex) {
				// The failing backend's answers.
			}
		}
	}

	@ParameterizedTest(name = "health checking: {0}")
	@ValueSource(booleans = { false, true })
	void aBackendThatFailsEveryCallIsEjectedAndGetsNoCallsWhileEjected(boolean healthChecked) {
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < 3; i++) {
			GreeterBackend backend = GreeterBackend.start("b" + i);
			this.backends.add(backend);
			addresses.add(backend.address());
		}
		GreeterBackend failing = this.backends.get(0);
		failing.greeter().failWith(Status.INTERNAL.withDescription("broken"));
		this.runner
			.withPropertyValues(CHANNEL + "target=static://" + String.join(",", addresses),
					healthChecked ? CHANNEL + "health-check.service-name=" + GreeterBackend.SERVICE
							: CHANNEL + "user-agent=plain")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				Channel channel = channels.channel("greeter");
				GrpcChannelActivity activity = channels.activity("greeter");
				await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
					tryCalls(channel, 30);
					assertThat(activity.backends().get(failing.address()).ejected()).isTrue();
				});
				assertThat(activity.readyBackends()).isEqualTo(2);
				int before = failing.calls();
				tryCalls(channel, 60);
				assertThat(failing.calls()).isEqualTo(before);
				BackendDescriptor described = context.getBean(GrpcChannelsEndpoint.class)
					.channel("greeter")
					.backends()
					.stream()
					.filter((backend) -> backend.address().equals(failing.address()))
					.findFirst()
					.orElseThrow();
				assertThat(described.ejected()).isTrue();
				assertThat(described.state()).isEqualTo("READY");
				assertThat(described.lastError()).contains("ejected by outlier detection");
			});
	}

}
