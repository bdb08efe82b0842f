package dev.dialtone.sample.story;

import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.grpc.Status;

/**
 * Where a run of calls went: how many each backend answered and when it first did, and every call
 * that failed, by its status. Safe to record into from many threads.
 */
public final class Tally {

	private final Map<String, AtomicInteger> served = new ConcurrentSkipListMap<>();

	private final Map<String, AtomicInteger> failures = new ConcurrentSkipListMap<>();

	private final Map<String, Long> firstServedAt = new ConcurrentHashMap<>();

	private final Map<String, Long> lastServedAt = new ConcurrentHashMap<>();

	void served(String backend) {
		long now = System.nanoTime();
		String name = backend.isEmpty() ? "?" : backend;
		this.firstServedAt.putIfAbsent(name, now);
		this.lastServedAt.merge(name, now, Math::max);
		this.served.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
	}

	void failed(Status status) {
		String reason = status.getCode() + ((status.getDescription() != null) ? ": " + status.getDescription() : "");
		this.failures.computeIfAbsent(reason, (key) -> new AtomicInteger()).incrementAndGet();
	}

	/**
	 * Calls the backend of this name answered.
	 */
	public int servedBy(String backend) {
		AtomicInteger count = this.served.get(backend);
		return (count != null) ? count.get() : 0;
	}

	/**
	 * When, in {@link System#nanoTime()}, the client got the backend's first reply; empty when it
	 * answered no call.
	 */
	OptionalLong firstServedAt(String backend) {
		Long at = this.firstServedAt.get(backend);
		return (at != null) ? OptionalLong.of(at) : OptionalLong.empty();
	}

	/**
	 * When, in {@link System#nanoTime()}, the client got the backend's last reply; empty when it
	 * answered no call.
	 */
	OptionalLong lastServedAt(String backend) {
		Long at = this.lastServedAt.get(backend);
		return (at != null) ? OptionalLong.of(at) : OptionalLong.empty();
	}

	/**
	 * Names of the backends that answered at least one call.
	 */
	public Set<String> backends() {
		return this.served.keySet();
	}

	public int failed() {
		return this.failures.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	public int total() {
		return this.served.values().stream().mapToInt(AtomicInteger::get).sum() + failed();
	}

	/**
	 * Counts per backend, such as {@code a=10 b=0 c=10}; the expected backends are listed even
	 * when they answered nothing, since a zero is often the point.
	 */
	String describe(Collection<String> expected) {
		Set<String> names = new LinkedHashSet<>(expected);
		names.addAll(this.served.keySet());
		return names.stream().map((name) -> name + "=" + servedBy(name)).collect(Collectors.joining(" "));
	}

	/**
	 * Each distinct failure with how often it happened.
	 */
	Map<String, Integer> failures() {
		return this.failures.entrySet()
			.stream()
			.collect(Collectors.toMap(Map.Entry::getKey, (entry) -> entry.getValue().get()));
	}

}
