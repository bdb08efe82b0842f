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
				new ChannelSpec.Balancing("round_robin", healthCheckServiceName), new ChannelSpec.Calls(
						new MethodCalls(List.of(), null, null, retry, null, null, null), List.of(), null),
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
	void methodEntriesComeFirstEachWithItsOwnSettingsThenTheChannelsOwn() {
		MethodCalls hedged = new MethodCalls(
				List.of(new MethodName("helloworld.Greeter", "SayHello"), new MethodName("helloworld.Admin", null)),
				Duration.ofMillis(300), true, null,
				new HedgingSpec(3, Duration.ofMillis(50), List.of(Status.Code.UNAVAILABLE)), 1024, 8 * 1024 * 1024);
		MethodCalls plain = new MethodCalls(List.of(new MethodName("helloworld.Greeter", "SayGoodbye")), null, null,
				null, null, null, null);
		MethodCalls channel = new MethodCalls(List.of(), Duration.ofSeconds(2), false, null, null, null, null);
		ChannelSpec spec = spec(null, null);
		spec = new ChannelSpec(spec.name(), spec.target(), spec.balancing(),
				new ChannelSpec.Calls(channel, List.of(hedged, plain), new ChannelSpec.RetryThrottling(10, 0.1)),
				spec.transport(), spec.resolution(), spec.lifecycle(), spec.indicator());
		assertThat(ServiceConfig.of(spec)).isEqualTo(Map.of("loadBalancingConfig",
				List.of(Map.of("round_robin", Map.of())), "methodConfig",
				List.of(Map.of("name",
						List.of(Map.of("service", "helloworld.Greeter", "method", "SayHello"),
								Map.of("service", "helloworld.Admin")),
						"waitForReady", true, "maxRequestMessageBytes", 1024.0, "maxResponseMessageBytes", 8388608.0,
						"hedgingPolicy",
						Map.of("maxAttempts", 3.0, "hedgingDelay", "0.05s", "nonFatalStatusCodes", List.of("UNAVAILABLE"))),
						// An entry that sets nothing still keeps the channel's settings from its method.
						Map.of("name", List.of(Map.of("service", "helloworld.Greeter", "method", "SayGoodbye"))),
						Map.of("name", List.of(Map.of()), "waitForReady", false)),
				"retryThrottling", Map.of("maxTokens", 10.0, "tokenRatio", 0.1)));
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
