package dev.dialtone.channel;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the service config grpc-java expects (a JSON-shaped map: Double numbers, "0.1s" durations)
 * from a channel's typed settings, so that no user ever writes one by hand.
 */
public final class ServiceConfig {

	private ServiceConfig() {
	}

	/**
	 * The service config the channel's settings stand for, as an operator should read it.
	 */
	public static Map<String, Object> of(ChannelSpec spec) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("loadBalancingConfig", List.of(Map.of(spec.lbPolicy(), Map.of())));
		if (spec.healthServiceName() != null) {
			config.put("healthCheckConfig", Map.of("serviceName", spec.healthServiceName()));
		}
		if (spec.retry() != null) {
			Map<String, Object> methodConfig = new LinkedHashMap<>();
			// An empty name matches every method of every service.
			methodConfig.put("name", List.of(Map.of()));
			methodConfig.put("retryPolicy", retryPolicy(spec.retry()));
			config.put("methodConfig", List.of(methodConfig));
		}
		return config;
	}

	/**
	 * The service config the channel runs: {@link #of(ChannelSpec)} with the load-balancing policy
	 * wrapped in the observing policy, which reports to the activity registered under the id.
	 */
	static Map<String, Object> observed(ChannelSpec spec, String activityId) {
		Map<String, Object> config = of(spec);
		Map<String, Object> observing = new LinkedHashMap<>();
		observing.put("channel", activityId);
		observing.put("childPolicy", config.get("loadBalancingConfig"));
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
