package dev.dialtone.internal.resolver;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.DoubleSupplier;

/**
 * When a target is looked up next. After an answer: the record TTL bounded by the minimum interval
 * below and the refresh interval above. After a failure: the minimum interval, doubled with each
 * failure in a row, up to the refresh interval. Each delay is spread by ±10% so that many clients
 * started together do not query in step, but never below the minimum interval. Used by the
 * {@code dns} and {@code discovery} resolvers; a registry's answer has no TTL, so the discovery
 * resolver gives the refresh interval as one.
 */
public final class RefreshSchedule {

	private static final double JITTER = 0.1;

	/**
	 * How long one lookup may take before it counts as failed: long enough for a DNS server's own
	 * retries, short enough that a lookup that never answers cannot stop a target's refreshes.
	 */
	public static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

	private final Duration refreshInterval;

	private final Duration minInterval;

	private final DoubleSupplier random;

	private final Duration lookupTimeout;

	/**
	 * @param refreshInterval the longest time between two lookups
	 * @param minInterval the shortest time between two lookups
	 */
	public RefreshSchedule(Duration refreshInterval, Duration minInterval) {
		this(refreshInterval, minInterval, () -> ThreadLocalRandom.current().nextDouble());
	}

	/**
	 * @param refreshInterval the longest time between two lookups
	 * @param minInterval the shortest time between two lookups
	 * @param random a number from 0 (inclusive) to 1 (exclusive) for each delay, which spreads it
	 */
	RefreshSchedule(Duration refreshInterval, Duration minInterval, DoubleSupplier random) {
		this(refreshInterval, minInterval, random, LOOKUP_TIMEOUT);
	}

	/**
	 * @param refreshInterval the longest time between two lookups
	 * @param minInterval the shortest time between two lookups
	 * @param random a number from 0 (inclusive) to 1 (exclusive) for each delay, which spreads it
	 * @param lookupTimeout how long one lookup may take before it counts as failed
	 */
	RefreshSchedule(Duration refreshInterval, Duration minInterval, DoubleSupplier random, Duration lookupTimeout) {
		this.refreshInterval = refreshInterval;
		this.minInterval = minInterval;
		this.random = random;
		this.lookupTimeout = lookupTimeout;
	}

	public Duration refreshInterval() {
		return this.refreshInterval;
	}

	public Duration minInterval() {
		return this.minInterval;
	}

	/**
	 * How long one lookup may take before it counts as failed and the next one is scheduled.
	 */
	public Duration lookupTimeout() {
		return this.lookupTimeout;
	}

	public Duration afterAnswer(Duration ttl) {
		return jittered(min(this.refreshInterval, max(this.minInterval, ttl)));
	}

	public Duration afterFailures(int failures) {
		Duration backoff = this.minInterval;
		for (int i = 1; i < failures && backoff.compareTo(this.refreshInterval) < 0; i++) {
			backoff = backoff.multipliedBy(2);
		}
		return jittered(min(this.refreshInterval, backoff));
	}

	private Duration jittered(Duration delay) {
		double factor = 1 + JITTER * (2 * this.random.getAsDouble() - 1);
		Duration spread = Duration.ofNanos((long) (delay.toNanos() * factor));
		return max(spread, min(this.minInterval, delay));
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
