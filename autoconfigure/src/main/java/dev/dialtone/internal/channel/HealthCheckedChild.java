package dev.dialtone.internal.channel;

import java.util.function.Function;

import io.grpc.LoadBalancer;
import io.grpc.protobuf.services.HealthCheckingLoadBalancerUtil;

/**
 * grpc-services' client-side health checking around a child policy. Kept apart so that
 * grpc-services, an optional dependency, is loaded only for channels that check health, which
 * cannot be configured without it.
 */
final class HealthCheckedChild {

	private HealthCheckedChild() {
	}

	static LoadBalancer create(Function<LoadBalancer.Helper, LoadBalancer> child, LoadBalancer.Helper helper) {
		LoadBalancer.Factory factory = new LoadBalancer.Factory() {

			@Override
			public LoadBalancer newLoadBalancer(LoadBalancer.Helper checkingHelper) {
				return child.apply(checkingHelper);
			}

		};
		return HealthCheckingLoadBalancerUtil.newHealthCheckingLoadBalancer(factory, helper);
	}

}
