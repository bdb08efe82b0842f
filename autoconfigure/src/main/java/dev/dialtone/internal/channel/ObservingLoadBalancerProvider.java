package dev.dialtone.internal.channel;

import java.util.List;
import java.util.Map;

import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.NameResolver.ConfigOrError;
import io.grpc.Status;
import io.grpc.util.GracefulSwitchLoadBalancer;

/**
 * A load-balancing policy that runs the channel's own policy unchanged and reports what it sees to
 * the channel's {@link ChannelActivity}, which the channel hands to its balancer with the name
 * resolver's arguments. Registered once, in grpc-java's JVM-wide registry, under a name no one
 * else uses: it changes nothing for channels that do not name it.
 */
final class ObservingLoadBalancerProvider extends LoadBalancerProvider {

	static final String POLICY_NAME = "dialtone_observed";

	/** Set in the config of the observer that runs under outlier detection, to see ejections. */
	static final String EJECTIONS = "ejections";

	private static volatile boolean registered;

	private ObservingLoadBalancerProvider() {
	}

	/**
	 * Makes the policy known to grpc-java, once.
	 */
	static synchronized void register() {
		if (!registered) {
			LoadBalancerRegistry.getDefaultRegistry().register(new ObservingLoadBalancerProvider());
			registered = true;
		}
	}

	@Override
	public boolean isAvailable() {
		return true;
	}

	@Override
	public int getPriority() {
		return 5;
	}

	@Override
	public String getPolicyName() {
		return POLICY_NAME;
	}

	@Override
	public LoadBalancer newLoadBalancer(LoadBalancer.Helper helper) {
		ChannelActivity activity = helper.getNameResolverArgs().getArg(ChannelActivity.ARG);
		// A channel that is not Dialtone's has nobody to report to: its balancing is left unobserved.
		return new ObservingLoadBalancer(helper, (activity != null) ? activity : new ChannelActivity(false));
	}

	@Override
	@SuppressWarnings("unchecked")
	public ConfigOrError parseLoadBalancingPolicyConfig(Map<String, ?> rawConfig) {
		Object child = rawConfig.get("childPolicy");
		if (!(child instanceof List<?>)) {
			return ConfigOrError.fromError(Status.INTERNAL.withDescription(POLICY_NAME + " needs a childPolicy"));
		}
		ConfigOrError childConfig = GracefulSwitchLoadBalancer
			.parseLoadBalancingPolicyConfig((List<Map<String, ?>>) child);
		if (childConfig.getError() != null) {
			return childConfig;
		}
		return ConfigOrError.fromConfig(new ObservingLoadBalancer.Config(
				Boolean.TRUE.equals(rawConfig.get(EJECTIONS)), childConfig.getConfig()));
	}

}
