package dev.dialtone.autoconfigure;

import java.util.List;
import java.util.Map;

import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;

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

	private static final String HEALTH_CHECKING_PROVIDER = "io.grpc.protobuf.services.internal.HealthCheckingRoundRobinLoadBalancerProvider";

	private final ClassLoader classLoader;

	BalancingSettings(ClassLoader classLoader) {
		this.classLoader = classLoader;
	}

	ChannelSpec.Balancing read(MergedChannel merged) {
		Setting<String> lbPolicy = merged.get(ChannelProperties::getLbPolicy, "lb-policy");
		String policy = lbPolicy(lbPolicy);
		Setting<String> serviceName = merged.get((c) -> c.getHealthCheck().getServiceName(), "health-check.service-name",
				(c) -> c.getHealth().getServiceName(), "health.service-name");
		checkHealth(serviceName, policy);
		return new ChannelSpec.Balancing(policy, serviceName.value());
	}

	private static String lbPolicy(Setting<String> lbPolicy) {
		String policy = lbPolicy.orElse(DEFAULT_LB_POLICY);
		if (!usable(policy)) {
			throw new InvalidGrpcClientPropertyException(lbPolicy.property(), policy, "one of "
					+ WELL_KNOWN_LB_POLICIES.stream().filter(BalancingSettings::usable).toList()
					+ " (a policy that needs its own configuration is set up with a GrpcChannelCustomizer)");
		}
		return policy;
	}

	private static boolean usable(String policy) {
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
