package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

import dev.dialtone.internal.channel.ChannelSpec;

/**
 * Reads how a channel balances calls: its lb-policy, which grpc-java must know and be able to run
 * without configuration of its own, and client-side health checking, which grpc-java does only
 * under round_robin and only with grpc-services on the classpath.
 */
final class BalancingSettings {

	static final String DEFAULT_LB_POLICY = "round_robin";

	private static final List<String> WELL_KNOWN_LB_POLICIES = List.of("pick_first", "round_robin",
			"weighted_round_robin", "least_request_experimental", "ring_hash_experimental");

	private static final Duration LONGEST_EJECTION = Duration.ofDays(1);

	// A constant, so that each key below is one too, not a string joined for every channel.
	private static final String OD = "outlier-detection.";

	private static final String HEALTH_CHECKING_PROVIDER = "io.grpc.protobuf.services.internal.HealthCheckingRoundRobinLoadBalancerProvider";

	// Policies grpc-java accepts without configuration that then fail every call outside xDS.
	private static final Map<String, String> UNUSABLE = Map.of("ring_hash_experimental",
			"ring_hash_experimental balances on a request hash that only xDS sets, so every call would fail");

	private final ClassLoader classLoader;

	// Whether grpc-java runs a policy without configuration is asked once per policy, not per channel.
	private final Map<String, Boolean> usablePolicies = new HashMap<>();

	BalancingSettings(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	ChannelSpec.Balancing read(MergedChannel merged) {
		Setting<String> lbPolicy = merged.get(ChannelProperties::getLbPolicy, "lb-policy");
		String policy = lbPolicy(lbPolicy);
		Setting<String> serviceName = merged.get((c) -> c.getHealthCheck().getServiceName(), "health-check.service-name",
				(c) -> c.getHealth().getServiceName(), "health.service-name");
		checkHealth(serviceName, policy);
		return new ChannelSpec.Balancing(policy, serviceName.value(), outlierDetection(merged));
	}

	private static ChannelSpec.@Nullable OutlierDetection outlierDetection(MergedChannel merged) {
		Setting<Boolean> enabled = merged.get((c) -> c.getOutlierDetection().getEnabled(), OD + "enabled");
		Duration interval = Setting.positive(merged.get((c) -> c.getOutlierDetection().getInterval(), OD + "interval"));
		Duration base = ejectionTime(
				merged.get((c) -> c.getOutlierDetection().getBaseEjectionTime(), OD + "base-ejection-time"));
		base = (base != null) ? base : Duration.ofSeconds(30);
		Setting<Duration> maxSetting = merged.get((c) -> c.getOutlierDetection().getMaxEjectionTime(),
				OD + "max-ejection-time");
		Duration max = ejectionTime(maxSetting);
		if (max != null && max.compareTo(base) < 0) {
			throw maxSetting.invalid("a duration of at least base-ejection-time (" + base + ")");
		}
		int percent = range(merged.get((c) -> c.getOutlierDetection().getMaxEjectionPercent(),
				OD + "max-ejection-percent"), 10, 0, 100);
		ChannelSpec.EjectionRule successRate = new ChannelSpec.EjectionRule(
				range(merged.get((c) -> c.getOutlierDetection().getSuccessRate().getStdevFactor(),
						OD + "success-rate.stdev-factor"), 1900, 0, Integer.MAX_VALUE),
				range(merged.get((c) -> c.getOutlierDetection().getSuccessRate().getEnforcementPercentage(),
						OD + "success-rate.enforcement-percentage"), 100, 0, 100),
				range(merged.get((c) -> c.getOutlierDetection().getSuccessRate().getMinimumHosts(),
						OD + "success-rate.minimum-hosts"), 5, 0, Integer.MAX_VALUE),
				range(merged.get((c) -> c.getOutlierDetection().getSuccessRate().getRequestVolume(),
						OD + "success-rate.request-volume"), 100, 1, Integer.MAX_VALUE));
		ChannelSpec.EjectionRule failurePercentage = new ChannelSpec.EjectionRule(
				range(merged.get((c) -> c.getOutlierDetection().getFailurePercentage().getThreshold(),
						OD + "failure-percentage.threshold"), 85, 0, 100),
				range(merged.get((c) -> c.getOutlierDetection().getFailurePercentage().getEnforcementPercentage(),
						OD + "failure-percentage.enforcement-percentage"), 100, 0, 100),
				range(merged.get((c) -> c.getOutlierDetection().getFailurePercentage().getMinimumHosts(),
						OD + "failure-percentage.minimum-hosts"), 5, 0, Integer.MAX_VALUE),
				range(merged.get((c) -> c.getOutlierDetection().getFailurePercentage().getRequestVolume(),
						OD + "failure-percentage.request-volume"), 50, 1, Integer.MAX_VALUE));
		if (!Boolean.TRUE.equals(enabled.value())) {
			return null;
		}
		Duration longest = (max != null) ? max : (base.compareTo(Duration.ofSeconds(300)) > 0 ? base : Duration.ofSeconds(300));
		return new ChannelSpec.OutlierDetection((interval != null) ? interval : Duration.ofSeconds(10), base, longest,
				percent, successRate, failurePercentage);
	}

	/**
	 * grpc-java multiplies the base ejection time by the number of ejections in a row, in nanoseconds
	 * in a long, and adds it to the clock: a duration near what a long holds overflows at the second
	 * ejection and lets the backend back at once. A day keeps that out of reach.
	 */
	private static @Nullable Duration ejectionTime(Setting<Duration> setting) {
		Duration value = Setting.positive(setting);
		if (value != null && value.compareTo(LONGEST_EJECTION) > 0) {
			throw setting.invalid("a duration greater than 0 and at most 1d (grpc-java multiplies it by the ejections in a row), e.g. 30s");
		}
		return value;
	}

	private static int range(Setting<Integer> setting, int fallback, int min, int max) {
		int value = setting.orElse(fallback);
		if (value < min || value > max) {
			throw setting.invalid((max == Integer.MAX_VALUE) ? "a whole number of at least " + min
					: "a whole number from " + min + " to " + max);
		}
		return value;
	}

	private String lbPolicy(Setting<String> lbPolicy) {
		String policy = lbPolicy.orElse(DEFAULT_LB_POLICY);
		if (!this.usablePolicies.computeIfAbsent(policy, BalancingSettings::usable)) {
			String why = UNUSABLE.containsKey(policy) ? "; " + UNUSABLE.get(policy) : "";
			throw new InvalidGrpcClientPropertyException(lbPolicy.property(), policy, "one of "
					+ WELL_KNOWN_LB_POLICIES.stream().filter(BalancingSettings::usable).toList()
					+ " (a policy that needs its own configuration is set up with a GrpcChannelCustomizer)" + why);
		}
		return policy;
	}

	private static boolean usable(String policy) {
		if (UNUSABLE.containsKey(policy)) {
			return false;
		}
		LoadBalancerProvider provider = LoadBalancerRegistry.getDefaultRegistry().getProvider(policy);
		return provider != null && provider.parseLoadBalancingPolicyConfig(Map.of()).getError() == null;
	}

	private void checkHealth(Setting<String> serviceName, String policy) {
		if (serviceName.value() == null) {
			return;
		}
		if (serviceName.value().isBlank()) {
			throw serviceName.invalid("the name of a service the backends' grpc.health.v1 health service knows, "
					+ "e.g. helloworld.Greeter; remove the property for no health checking");
		}
		if (!DEFAULT_LB_POLICY.equals(policy)) {
			throw serviceName.invalid(
					"no health-check.service-name, since grpc-java checks backend health only with lb-policy round_robin and this channel's lb-policy is "
							+ policy);
		}
		if (!ClassUtils.isPresent(HEALTH_CHECKING_PROVIDER, this.classLoader)) {
			throw serviceName.invalid(
					"a service name only when io.grpc:grpc-services is on the classpath (it does the health checking)");
		}
	}

}
