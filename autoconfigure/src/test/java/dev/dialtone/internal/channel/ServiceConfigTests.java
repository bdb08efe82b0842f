package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.LinkedHashMap;
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
				new ChannelSpec.Balancing("round_robin", healthCheckServiceName, null), new ChannelSpec.Calls(
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
	void outlierDetectionWrapsThePolicyAndRunsWithAnObserverOfEjectionsUnderIt() {
		ChannelSpec plain = spec(null, null);
		ChannelSpec.OutlierDetection outliers = new ChannelSpec.OutlierDetection(Duration.ofMillis(500),
				Duration.ofSeconds(30), Duration.ofSeconds(300), 10, new ChannelSpec.EjectionRule(1900, 100, 5, 100),
				new ChannelSpec.EjectionRule(85, 0, 5, 50));
		ChannelSpec spec = new ChannelSpec(plain.name(), plain.target(),
				new ChannelSpec.Balancing("round_robin", null, outliers), plain.calls(), plain.transport(),
				plain.resolution(), plain.lifecycle(), plain.indicator());
		Map<String, Object> detection = Map.of("interval", "0.5s", "baseEjectionTime", "30s", "maxEjectionTime",
				"300s", "maxEjectionPercentage", 10.0, "successRateEjection",
				Map.of("stdevFactor", 1900.0, "enforcementPercentage", 100.0, "minimumHosts", 5.0, "requestVolume",
						100.0),
				"failurePercentageEjection",
				Map.of("threshold", 85.0, "enforcementPercentage", 0.0, "minimumHosts", 5.0, "requestVolume", 50.0),
				"childPolicy", List.of(Map.of("round_robin", Map.of())));
		assertThat(ServiceConfig.of(spec))
			.isEqualTo(Map.of("loadBalancingConfig", List.of(Map.of("outlier_detection_experimental", detection))));
		Map<String, Object> observedDetection = new LinkedHashMap<>(detection);
		observedDetection.put("childPolicy", List.of(Map.of("dialtone_observed",
				Map.of("childPolicy", List.of(Map.of("round_robin", Map.of())), "ejections", true))));
		assertThat(ServiceConfig.observed(spec)).isEqualTo(Map.of("loadBalancingConfig",
				List.of(Map.of("dialtone_observed", Map.of("childPolicy",
						List.of(Map.of("outlier_detection_experimental", observedDetection)))))));
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
