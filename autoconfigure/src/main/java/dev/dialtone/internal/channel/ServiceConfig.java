package dev.dialtone.internal.channel;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the service config grpc-java expects (a JSON-shaped map: Double numbers, "0.1s" durations)
 * from a channel's typed settings, so that no user ever writes one by hand.
 */
final class ServiceConfig {

	private ServiceConfig() {
	}

	/**
	 * The service config the channel's settings stand for, as an operator should read it.
	 */
	static Map<String, Object> of(ChannelSpec spec) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("loadBalancingConfig", List.of(Map.of(spec.balancing().lbPolicy(), Map.of())));
		if (spec.balancing().healthCheckServiceName() != null) {
			config.put("healthCheckConfig", Map.of("serviceName", spec.balancing().healthCheckServiceName()));
		}
		if (spec.calls().retry() != null) {
			Map<String, Object> methodConfig = new LinkedHashMap<>();
			// An empty name matches every method of every service.
			methodConfig.put("name", List.of(Map.of()));
			methodConfig.put("retryPolicy", retryPolicy(spec.calls().retry()));
			config.put("methodConfig", List.of(methodConfig));
		}
		return config;
	}

	/**
	 * The service config the channel runs: {@link #of(ChannelSpec)} with the load-balancing policy
	 * wrapped in the observing policy, which reports to the channel's activity.
	 */
	static Map<String, Object> observed(ChannelSpec spec) {
		Map<String, Object> config = of(spec);
		Map<String, Object> observing = Map.of("childPolicy", config.get("loadBalancingConfig"));
		config.put("loadBalancingConfig", List.of(Map.of(ObservingLoadBalancerProvider.POLICY_NAME, observing)));
		return config;
	}

	private static Map<String, Object> retryPolicy(RetrySpec retry) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("maxAttempts", (double) retry.maxAttempts());
		policy.put("initialBackoff", seconds(retry.initialBackoff()));
		policy.put("maxBackoff", seconds(retry.maxBackoff()));
		policy.put("backoffMultiplier", retry.backoffMultiplier());
		policy.put("retryableStatusCodes", retry.retryableStatusCodes().stream().map(Enum::name).toList());
		return policy;
	}

	static String seconds(Duration duration) {
		BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
		return seconds.stripTrailingZeros().toPlainString() + "s";
	}

}
