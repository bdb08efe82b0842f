package dev.dialtone.sample.story;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * What act 5 saw while a DNS name grew from one backend to three: the calls before, during and
 * after, and how long each new backend took to get its first call. Empty when the act was skipped.
 */
public final class ScaleUp {

	private final Tally oneAddress = new Tally();

	private final Tally growing = new Tally();

	private final Tally grown = new Tally();

	private volatile List<String> newBackends = List.of();

	private volatile long changedAt;

	private volatile Duration bound = Duration.ZERO;

	/**
	 * Calls while the name answered one address.
	 */
	public Tally oneAddress() {
		return this.oneAddress;
	}

	/**
	 * Calls from the moment the name answered three addresses until every new backend answered
	 * one (or the act gave up waiting).
	 */
	public Tally growing() {
		return this.growing;
	}

	/**
	 * Calls once every new backend had answered one.
	 */
	public Tally grown() {
		return this.grown;
	}

	/**
	 * Notes that the name now also answers with these backends, at {@code changedAt} (in
	 * {@link System#nanoTime()}), and that each should get a call within {@code bound}.
	 */
	void changed(List<String> newBackends, long changedAt, Duration bound) {
		this.newBackends = List.copyOf(newBackends);
		this.changedAt = changedAt;
		this.bound = bound;
	}

	/**
	 * The backends the DNS change added, none when the act was skipped.
	 */
	public List<String> newBackends() {
		return this.newBackends;
	}

	/**
	 * The longest a new backend may wait for its first call: the refresh interval and a second.
	 */
	public Duration bound() {
		return this.bound;
	}

	/**
	 * Per new backend that got a call, the time from the DNS change to the client receiving its
	 * first reply.
	 */
	public Map<String, Duration> firstCalls() {
		Map<String, Duration> firstCalls = new LinkedHashMap<>();
		for (String backend : this.newBackends) {
			this.growing.firstServedAt(backend)
				.ifPresent((at) -> firstCalls.put(backend, Duration.ofNanos(at - this.changedAt)));
		}
		return firstCalls;
	}

	/**
	 * Whether every new backend got a call within the bound.
	 */
	public boolean everyNewBackendReachedInTime() {
		Map<String, Duration> firstCalls = firstCalls();
		return firstCalls.size() == this.newBackends.size()
				&& firstCalls.values().stream().allMatch((took) -> took.compareTo(this.bound) <= 0);
	}

	Stream<Tally> tallies() {
		return Stream.of(this.oneAddress, this.growing, this.grown);
	}

}
