package dev.dialtone.health;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.dialtone.GrpcChannelActivity;

/**
 * The health of one gRPC channel, from its connectivity state: READY and IDLE are UP (an idle
 * channel connects on its next call), CONNECTING is UNKNOWN, TRANSIENT_FAILURE is DOWN, or UNKNOWN
 * when the channel is not critical, and SHUTDOWN is OUT_OF_SERVICE.
 * <p>
 * Reads state the channel already has: it never makes the channel connect and never waits on the
 * network, so a health probe costs nothing even when every backend is gone.
 */
public class GrpcChannelHealthIndicator implements HealthIndicator {

	private final ManagedChannel channel;

	private final String target;

	private final GrpcChannelActivity activity;

	private final boolean critical;

	/**
	 * @param channel the channel
	 * @param target the channel's target as configured
	 * @param activity what the channel's load balancer has seen
	 * @param critical whether a failing channel is DOWN (true) or UNKNOWN (false)
	 */
	public GrpcChannelHealthIndicator(ManagedChannel channel, String target, GrpcChannelActivity activity,
			boolean critical) {
		this.channel = channel;
		this.target = target;
		this.activity = activity;
		this.critical = critical;
	}

	@Override
	public Health health() {
		// false: asking must not make an idle channel connect.
		ConnectivityState state = this.channel.getState(false);
		Health.Builder health = new Health.Builder(status(state)).withDetail("state", state.name())
			.withDetail("target", this.target);
		if (this.activity.lastResolvedAt() != null) {
			health.withDetail("resolvedBackends", this.activity.resolvedAddresses().size())
				.withDetail("readyBackends", this.activity.readyBackends());
		}
		if (state == ConnectivityState.TRANSIENT_FAILURE) {
			String error = this.activity.failureReason();
			if (error != null) {
				health.withDetail("lastError", error);
			}
		}
		else if (this.activity.lastResolutionError() != null) {
			// The channel serves from the addresses it kept, but its source of them (DNS, a registry,
			// etcd) failed: an operator should know before the addresses go stale.
			health.withDetail("resolutionError", this.activity.lastResolutionError());
		}
		if (!this.critical) {
			health.withDetail("critical", false);
		}
		return health.build();
	}

	private Status status(ConnectivityState state) {
		return switch (state) {
			case READY, IDLE -> Status.UP;
			case CONNECTING -> Status.UNKNOWN;
			case TRANSIENT_FAILURE -> this.critical ? Status.DOWN : Status.UNKNOWN;
			case SHUTDOWN -> Status.OUT_OF_SERVICE;
		};
	}

}
