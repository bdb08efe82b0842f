package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.InsecureChannelCredentials;
import io.grpc.Status;
import org.junit.jupiter.api.Test;

import dev.dialtone.internal.resolver.ChannelTarget;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The service config grpc-java reads, written from typed settings: compared with literal maps.
 */
class ServiceConfigTests {

	private static ChannelSpec spec(String healthCheckServiceName, RetrySpec retry) {
		return new ChannelSpec("greeter", ChannelTarget.inProcess("in-process:greeter", "in-process", "greeter"),
				new ChannelSpec.Balancing("round_robin", healthCheckServiceName), new ChannelSpec.Calls(null, retry),
				new ChannelSpec.Transport(
						new ChannelSpec.Security(InsecureChannelCredentials.create(), "in-process", null),
						new ChannelSpec.Keepalive(null, null, null), null, null, null),
				new ChannelSpec.Resolution(Duration.ofSeconds(30)),
				new ChannelSpec.Lifecycle(Duration.ofSeconds(5), null), new ChannelSpec.Indicator(true, true));
	}

	@Test
	void aChannelWithoutRetryOrHealthCheckingHasOnlyItsPolicy() {
		assertThat(ServiceConfig.of(spec(null, null)))
			.isEqualTo(Map.of("loadBalancingConfig", List.of(Map.of("round_robin", Map.of()))));
	}

	@Test
	void retryIsWrittenWithDoublesAndDurationsAsWritten() {
		RetrySpec retry = new RetrySpec(4, Duration.ofMillis(10), Duration.ofMillis(1500), 1.5,
				List.of(Status.Code.UNAVAILABLE, Status.Code.RESOURCE_EXHAUSTED));
		assertThat(ServiceConfig.of(spec("helloworld.Greeter", retry))).isEqualTo(Map.of("loadBalancingConfig",
				List.of(Map.of("round_robin", Map.of())), "healthCheckConfig",
				Map.of("serviceName", "helloworld.Greeter"), "methodConfig",
				List.of(Map.of("name", List.of(Map.of()), "retryPolicy",
						Map.of("maxAttempts", 4.0, "initialBackoff", "0.01s", "maxBackoff", "1.5s", "backoffMultiplier",
								1.5, "retryableStatusCodes", List.of("UNAVAILABLE", "RESOURCE_EXHAUSTED"))))));
	}

	@Test
	void durationsKeepEveryDigit() {
		assertThat(ServiceConfig.seconds(Duration.ofMillis(50))).isEqualTo("0.05s");
		assertThat(ServiceConfig.seconds(Duration.ofNanos(1))).isEqualTo("0.000000001s");
		assertThat(ServiceConfig.seconds(Duration.ofSeconds(90))).isEqualTo("90s");
		assertThat(ServiceConfig.seconds(Duration.ofSeconds(1, 500_000_000))).isEqualTo("1.5s");
	}

	@Test
	void theChannelRunsItsPolicyUnderTheObservingPolicy() {
		assertThat(ServiceConfig.observed(spec(null, null))).isEqualTo(Map.of("loadBalancingConfig",
				List.of(Map.of("dialtone_observed",
						Map.of("childPolicy", List.of(Map.of("round_robin", Map.of())))))));
	}

}
