package dev.dialtone.sample.story;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.Stream;

/**
 * What act 6 saw while backend e2 registered in etcd under a lease and then stopped keeping it
 * alive: the calls in each phase, how long e2 took to get its first call after its key was put, and
 * how long after its keep-alive stopped it got its last. Empty when the act was skipped.
 */
public final class Leases {

	private final Tally firstOnly = new Tally();

	private final Tally registering = new Tally();

	private final Tally expiring = new Tally();

	private final Tally expired = new Tally();

	private volatile boolean told;

	private volatile String backend = "";

	private volatile Duration ttl = Duration.ZERO;

	private volatile long registeredAt;

	private volatile long keepAliveStoppedAt;

	/**
	 * Calls while only e1 was registered.
	 */
	public Tally firstOnly() {
		return this.firstOnly;
	}

	/**
	 * Calls from e2's registration until it answered one (or the act gave up waiting).
	 */
	public Tally registering() {
		return this.registering;
	}

	/**
	 * Calls from the moment e2 stopped keeping its lease alive until the channel dropped it.
	 */
	public Tally expiring() {
		return this.expiring;
	}

	/**
	 * Calls once the channel had dropped e2.
	 */
	public Tally expired() {
		return this.expired;
	}

	void registered(String backend, Duration ttl, long at) {
		this.backend = backend;
		this.ttl = ttl;
		this.registeredAt = at;
	}

	void keepAliveStopped(long at) {
		this.keepAliveStoppedAt = at;
	}

	void told() {
		this.told = true;
	}

	/**
	 * Whether the act ran: false on a machine without an etcd binary.
	 */
	public boolean wasTold() {
		return this.told;
	}

	/**
	 * The backend that registered and later let its lease expire.
	 */
	public String backend() {
		return this.backend;
	}

	/**
	 * The time to live of that backend's lease.
	 */
	public Duration ttl() {
		return this.ttl;
	}

	/**
	 * From the put of the backend's key to the client receiving its first reply.
	 */
	public Optional<Duration> firstCall() {
		return since(this.registeredAt, this.registering.firstServedAt(this.backend));
	}

	/**
	 * From the backend's keep-alive stopping to the client receiving its last reply.
	 */
	public Optional<Duration> lastCall() {
		return since(this.keepAliveStoppedAt, this.expiring.lastServedAt(this.backend));
	}

	/**
	 * Whether the act held: the new backend got a call within a second, got none after its lease's
	 * time to live (and the second etcd may take to expire it), and no call failed.
	 */
	public boolean held() {
		Duration expiryBound = this.ttl.plusSeconds(1);
		return this.told && firstCall().filter((took) -> took.compareTo(Duration.ofSeconds(1)) <= 0).isPresent()
				&& lastCall().map((took) -> took.compareTo(expiryBound) <= 0).orElse(true)
				&& this.expired.servedBy(this.backend) == 0 && this.expired.total() > 0
				&& tallies().mapToInt(Tally::failed).sum() == 0;
	}

	private static Optional<Duration> since(long start, OptionalLong at) {
		return at.isPresent() ? Optional.of(Duration.ofNanos(at.getAsLong() - start)) : Optional.empty();
	}

	Stream<Tally> tallies() {
		return Stream.of(this.firstOnly, this.registering, this.expiring, this.expired);
	}

}
