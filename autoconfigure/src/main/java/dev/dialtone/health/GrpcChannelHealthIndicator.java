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

	// One immutable Health per status, shared by every channel and request.
	private static final Health UP = Health.up().build();

	private static final Health DOWN = Health.down().build();

	private static final Health UNKNOWN = Health.unknown().build();

	private static final Health OUT_OF_SERVICE = Health.outOfService().build();

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

	/**
	 * The status alone when details are not asked for: read from the channel's state, without a
	 * map of details built only to be dropped.
	 */
	@Override
	public Health health(boolean includeDetails) {
		return includeDetails ? health() : withoutDetails(status(state()));
	}

	@Override
	public Health health() {
		ConnectivityState state = state();
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

	/**
	 * The channel's state, read without making it connect.
	 */
	ConnectivityState state() {
		return this.channel.getState(false);
	}

	boolean critical() {
		return this.critical;
	}

	static Health withoutDetails(Status status) {
		if (Status.UP.equals(status)) {
			return UP;
		}
		if (Status.DOWN.equals(status)) {
			return DOWN;
		}
		return Status.OUT_OF_SERVICE.equals(status) ? OUT_OF_SERVICE : UNKNOWN;
	}

	private Status status(ConnectivityState state) {
		return status(state, this.critical);
	}

	/**
	 * @param state a channel's state
	 * @param critical whether the channel's failure is DOWN (true) or UNKNOWN (false)
	 */
	static Status status(ConnectivityState state, boolean critical) {
		return switch (state) {
			case READY, IDLE -> Status.UP;
			case CONNECTING -> Status.UNKNOWN;
			case TRANSIENT_FAILURE -> critical ? Status.DOWN : Status.UNKNOWN;
			case SHUTDOWN -> Status.OUT_OF_SERVICE;
		};
	}

}
