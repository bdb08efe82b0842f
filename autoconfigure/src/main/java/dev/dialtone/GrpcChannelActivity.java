package dev.dialtone;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.grpc.ConnectivityState;
import org.jspecify.annotations.Nullable;

/**
 * A read-only view of what one channel has seen lately: the addresses last resolved, the
 * resolver's errors and counts, and each backend's connection and health. Reading it never makes
 * the channel connect and never waits on the network.
 */
public interface GrpcChannelActivity {

	/**
	 * The addresses the name resolver gave last, or an empty list before the first resolution.
	 */
	List<String> resolvedAddresses();

	/**
	 * When the name resolver last gave addresses, or null before the first resolution.
	 */
	@Nullable Instant lastResolvedAt();

	/**
	 * The error of the last failed resolution, or null when the last resolution succeeded.
	 */
	@Nullable String lastResolutionError();

	/**
	 * The last connection or health-check error of a backend, with its address, or null.
	 */
	@Nullable String lastBackendError();

	/**
	 * Why a failing channel fails, as far as is known, or null: the name resolution error while the
	 * channel has no address, otherwise the last backend error. A resolver that keeps its addresses
	 * through a failed lookup does not make the channel fail, its backends do.
	 */
	@Nullable String failureReason();

	/**
	 * How many times the name resolver found addresses: every successful lookup of Dialtone's own
	 * resolvers, changed or not; for other resolvers, every answer they gave the channel.
	 */
	long resolutions();

	/**
	 * How many times the name resolver failed.
	 */
	long resolutionFailures();

	/**
	 * How many resolutions gave other addresses than the one before.
	 */
	long addressChanges();

	/**
	 * Every backend the load balancer holds a connection for, by address, sorted.
	 */
	Map<String, Backend> backends();

	/**
	 * How many backends take calls: connected and, on a health-checked channel, serving.
	 */
	int readyBackends();

	/**
	 * One backend as the load balancer sees it.
	 *
	 * @param address the backend's address
	 * @param state the connection's state
	 * @param health what client-side health checking concluded, or null when the channel does not
	 * check health
	 * @param ejected whether outlier detection has ejected the backend for failing more than the
	 * others
	 * @param lastError why the backend takes no calls (the connection's or the health check's last
	 * error, or its ejection) until it takes calls again, or null
	 */
	record Backend(String address, ConnectivityState state, @Nullable Health health, boolean ejected,
			@Nullable String lastError) {

		/**
		 * Whether the balancer sends this backend calls: its connection is ready, its health check,
		 * if any, says it serves, and outlier detection has not ejected it.
		 */
		public boolean takesCalls() {
			return this.state == ConnectivityState.READY && (this.health == null || this.health == Health.SERVING)
					&& !this.ejected;
		}

	}

	/**
	 * A backend's health as client-side health checking sees it.
	 */
	enum Health {

		/**
		 * The health service says SERVING (or the backend has no health service, which grpc-java
		 * treats as serving).
		 */
		SERVING,

		/**
		 * The health service says anything but SERVING, or the health check failed.
		 */
		NOT_SERVING,

		/**
		 * Not known: the backend is not connected, or its first answer is awaited.
		 */
		UNKNOWN

	}

}
