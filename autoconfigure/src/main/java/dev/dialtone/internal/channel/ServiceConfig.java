package dev.dialtone.internal.channel;

import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
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
		return build(spec, false);
	}

	/**
	 * The service config the channel runs: {@link #of(ChannelSpec)} with the load-balancing policy
	 * wrapped in the observing policy, which reports to the channel's activity, and, under outlier
	 * detection, a second observer between it and the lb-policy, which sees ejections.
	 */
	static Map<String, Object> observed(ChannelSpec spec) {
		return build(spec, true);
	}

	private static Map<String, Object> build(ChannelSpec spec, boolean observed) {
		Map<String, Object> config = new LinkedHashMap<>();
		List<Map<String, Object>> policy = List.of(Map.of(spec.balancing().lbPolicy(), Map.of()));
		ChannelSpec.OutlierDetection outliers = spec.balancing().outlierDetection();
		if (outliers != null) {
			if (observed) {
				policy = List.of(Map.of(ObservingLoadBalancerProvider.POLICY_NAME,
						Map.of("childPolicy", policy, ObservingLoadBalancerProvider.EJECTIONS, true)));
			}
			policy = List.of(Map.of("outlier_detection_experimental", outlierDetection(outliers, policy)));
		}
		if (observed) {
			policy = List.of(Map.of(ObservingLoadBalancerProvider.POLICY_NAME, Map.of("childPolicy", policy)));
		}
		config.put("loadBalancingConfig", policy);
		if (spec.balancing().healthCheckServiceName() != null) {
			config.put("healthCheckConfig", Map.of("serviceName", spec.balancing().healthCheckServiceName()));
		}
		ChannelSpec.Calls calls = spec.calls();
		List<Map<String, Object>> methodConfig = new ArrayList<>();
		// Every entry is written, even one that only turns something off, so that the channel's own
		// settings (the entry with an empty name) never reach its methods.
		calls.methods().forEach((method) -> methodConfig.add(methodConfig(names(method.names()), method)));
		if (calls.channel().hasServiceConfig()) {
			// An empty name matches every method of every service.
			methodConfig.add(methodConfig(List.of(Map.of()), calls.channel()));
		}
		if (!methodConfig.isEmpty()) {
			config.put("methodConfig", methodConfig);
		}
		if (calls.retryThrottling() != null) {
			config.put("retryThrottling", Map.of("maxTokens", (double) calls.retryThrottling().maxTokens(),
					"tokenRatio", calls.retryThrottling().tokenRatio()));
		}
		return config;
	}

	private static List<Map<String, Object>> names(List<MethodName> names) {
		return names.stream().map((name) -> {
			Map<String, Object> entry = new LinkedHashMap<>();
			entry.put("service", name.service());
			if (name.method() != null) {
				entry.put("method", name.method());
			}
			return entry;
		}).toList();
	}

	private static Map<String, Object> methodConfig(List<Map<String, Object>> names, MethodCalls calls) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("name", names);
		if (calls.waitForReady() != null) {
			config.put("waitForReady", calls.waitForReady());
		}
		if (calls.maxRequestMessageSize() != null) {
			config.put("maxRequestMessageBytes", (double) calls.maxRequestMessageSize());
		}
		if (calls.maxResponseMessageSize() != null) {
			config.put("maxResponseMessageBytes", (double) calls.maxResponseMessageSize());
		}
		if (calls.retry() != null) {
			config.put("retryPolicy", retryPolicy(calls.retry()));
		}
		if (calls.hedging() != null) {
			config.put("hedgingPolicy", hedgingPolicy(calls.hedging()));
		}
		return config;
	}

	private static Map<String, Object> outlierDetection(ChannelSpec.OutlierDetection outliers,
			List<Map<String, Object>> child) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("interval", seconds(outliers.interval()));
		config.put("baseEjectionTime", seconds(outliers.baseEjectionTime()));
		config.put("maxEjectionTime", seconds(outliers.maxEjectionTime()));
		config.put("maxEjectionPercentage", (double) outliers.maxEjectionPercent());
		config.put("successRateEjection", Map.of("stdevFactor", (double) outliers.successRate().limit(),
				"enforcementPercentage", (double) outliers.successRate().enforcementPercentage(), "minimumHosts",
				(double) outliers.successRate().minimumHosts(), "requestVolume",
				(double) outliers.successRate().requestVolume()));
		config.put("failurePercentageEjection", Map.of("threshold", (double) outliers.failurePercentage().limit(),
				"enforcementPercentage", (double) outliers.failurePercentage().enforcementPercentage(), "minimumHosts",
				(double) outliers.failurePercentage().minimumHosts(), "requestVolume",
				(double) outliers.failurePercentage().requestVolume()));
		config.put("childPolicy", child);
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

	private static Map<String, Object> hedgingPolicy(HedgingSpec hedging) {
		Map<String, Object> policy = new LinkedHashMap<>();
		policy.put("maxAttempts", (double) hedging.maxAttempts());
		policy.put("hedgingDelay", seconds(hedging.delay()));
		policy.put("nonFatalStatusCodes", hedging.nonFatalStatusCodes().stream().map(Enum::name).toList());
		return policy;
	}

	static String seconds(Duration duration) {
		BigDecimal seconds = BigDecimal.valueOf(duration.getSeconds()).add(BigDecimal.valueOf(duration.getNano(), 9));
		return seconds.stripTrailingZeros().toPlainString() + "s";
	}

}
