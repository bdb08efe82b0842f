package dev.dialtone.channel;

import java.lang.ref.WeakReference;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import io.grpc.LoadBalancer;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.NameResolver.ConfigOrError;
import io.grpc.Status;
import io.grpc.util.GracefulSwitchLoadBalancer;

/**
 * A load-balancing policy that runs the channel's own policy unchanged and reports what it sees to
 * the channel's {@link ChannelActivity}. Registered once, in grpc-java's JVM-wide registry, under a
 * name no one else uses: it changes nothing for channels that do not name it.
 * <p>
 * Its config names the channel by an id rather than carrying the {@link ChannelActivity} itself,
 * because a service config holds JSON values only.
 */
final class ObservingLoadBalancerProvider extends LoadBalancerProvider {

	static final String POLICY_NAME = "dialtone_observed";

	private static final Map<String, WeakReference<ChannelActivity>> activities = new ConcurrentHashMap<>();

	private static volatile boolean registered;

	/**
	 * Makes the policy known to grpc-java and returns the id under which the channel's activity is
	 * found while the activity is in use.
	 */
	static String register(ChannelActivity activity) {
		registerPolicy();
		activities.values().removeIf((reference) -> reference.get() == null);
		String id = UUID.randomUUID().toString();
		activities.put(id, new WeakReference<>(activity));
		return id;
	}

	private static synchronized void registerPolicy() {
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
		return new ObservingLoadBalancer(helper);
	}

	@Override
	@SuppressWarnings("unchecked")
	public ConfigOrError parseLoadBalancingPolicyConfig(Map<String, ?> rawConfig) {
		Object id = rawConfig.get("channel");
		WeakReference<ChannelActivity> reference = (id instanceof String key) ? activities.get(key) : null;
		ChannelActivity activity = (reference != null) ? reference.get() : null;
		if (activity == null) {
			return ConfigOrError.fromError(Status.INTERNAL.withDescription(
					POLICY_NAME + " is Dialtone's own policy; use the channel's lb-policy property instead"));
		}
		Object child = rawConfig.get("childPolicy");
		if (!(child instanceof List<?>)) {
			return ConfigOrError.fromError(Status.INTERNAL.withDescription(POLICY_NAME + " needs a childPolicy"));
		}
		ConfigOrError childConfig = GracefulSwitchLoadBalancer
			.parseLoadBalancingPolicyConfig((List<Map<String, ?>>) child);
		if (childConfig.getError() != null) {
			return childConfig;
		}
		return ConfigOrError.fromConfig(new ObservingLoadBalancer.Config(activity, childConfig.getConfig()));
	}

}
