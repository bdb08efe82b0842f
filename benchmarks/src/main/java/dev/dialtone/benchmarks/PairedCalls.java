package dev.dialtone.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.stub.StreamObserver;

import org.springframework.boot.convert.DurationStyle;

import dev.dialtone.benchmarks.proto.BenchGrpc;
import dev.dialtone.benchmarks.proto.Payload;

/**
 * Dialtone's channel and the hand-built one measured in turns in the same JVM, so that their ratio
 * is not lost in what differs between JVMs. On this machine the same channel's mean latency moved
 * between about 100 and 130 µs from one JMH fork to the next, far more than the channels differ;
 * within one JVM the two move together, so the ratio of two blocks measured one right after the
 * other is steady.
 * <p>
 * Each variant ({@code observations/policy}, as {@link CallSetup} describes) runs in fresh JVMs
 * ({@code forks}). In each, after a warm-up of both channels, every round measures a block on one
 * channel and then the same block on the other, the order alternating from round to round:
 * <ul>
 * <li>{@code latency}: {@code latency-calls} blocking unary calls one at a time; the value is the
 * mean µs per call and the ratio is hand-built / Dialtone (the calls per second of one caller);</li>
 * <li>{@code unary} and {@code stream}: unary or server-streaming (16 replies) calls with 64 in
 * flight for {@code block}; the value is calls per second and the ratio Dialtone / hand-built.</li>
 * </ul>
 * So a ratio of 1 is no cost and 0.98 is Dialtone 2% slower, in every mode.
 * <p>
 * {@code observations=cost} measures what observing costs instead: the {@code dialtone} side is
 * Dialtone's channel with observations on, the {@code handbuilt} side the same channel in a second
 * application of the same JVM with {@code grpc.client.observations.enabled=false}; a ratio is then
 * observed over unobserved speed, and the bytes are those of each. Bytes per call are
 * what every thread of the JVM (client, backend, Spring) allocated during the block, divided by the
 * calls, as JMH's {@code -prof gc} counts them. Each round's ratio goes to {@code csv}
 * ({@code observations,policy,mode,fork,round,first,dialtone,handbuilt,unit,dialtone_bytes,handbuilt_bytes});
 * the table printed at the end gives, per variant and mode, the median ratio of the pairs of rounds
 * (one in each order) with a 95% confidence interval of that median ({@link Ratios}). The time of
 * every measured one-at-a-time call is kept too: each JVM's p50, p99 and p99.9 per channel go to
 * {@code latency-csv} ({@code observations,policy,fork,via,calls,p50_us,p99_us,p999_us}).
 * Before the measured rounds, each JVM logs the threads that worked during one more block of each
 * side: the event loops that carry its connection, on the client and on the backend.
 * <p>
 * Arguments (all optional): {@code variants=off/none,off/deadline,off/retry,on/none forks=3 rounds=20
 * latency-calls=2000 block=500ms warmup=10s modes=latency,unary,stream csv=benchmarks/results/paired.csv
 * latency-csv=benchmarks/results/paired-latency.csv}.
 */
public final class PairedCalls {

	private static final String CHILD = "child";

	private static final String ROUND = "ROUND ";

	private static final String PERCENTILES = "PERCENTILES ";

	private static final int IN_FLIGHT = 64;

	/** The columns of the csv file. */
	static final List<String> COLUMNS = List.of("observations", "policy", "mode", "fork", "round", "first",
			"dialtone", "handbuilt", "unit", "dialtone_bytes", "handbuilt_bytes");

	/** The columns of the latency-csv file: the percentiles of every measured one-at-a-time call of a JVM. */
	static final List<String> LATENCY_COLUMNS = List.of("observations", "policy", "fork", "via", "calls", "p50_us",
			"p99_us", "p999_us");

	private PairedCalls() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		options.put("variants", "off/none,off/deadline,off/retry,on/none");
		options.put("forks", "3");
		options.put("rounds", "20");
		options.put("latency-calls", "2000");
		options.put("block", "500ms");
		options.put("warmup", "10s");
		options.put("modes", "latency,unary,stream");
		options.put("csv", "benchmarks/results/paired.csv");
		options.put("latency-csv", "benchmarks/results/paired-latency.csv");
		if (args.length > 0 && args[0].equals(CHILD)) {
			measure(args[1], args[2], Integer.parseInt(args[3]), Integer.parseInt(args[4]),
					Duration.ofMillis(Long.parseLong(args[5])), Duration.ofMillis(Long.parseLong(args[6])),
					List.of(args[7].split(",")));
			return;
		}
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			if (pair.length != 2 || !options.containsKey(pair[0])) {
				throw new IllegalArgumentException("Unknown argument " + arg + "; known: " + options.keySet());
			}
			options.put(pair[0], pair[1]);
		}
		List<String> rows = new ArrayList<>();
		List<String> latencyRows = new ArrayList<>();
		for (String variant : options.get("variants").split(",")) {
			String[] parts = variant.split("/", 2);
			if (parts.length != 2 || !List.of("on", "off", "cost").contains(parts[0])) {
				throw new IllegalArgumentException(
						"variants: " + variant + " is not observations/policy (on, off or cost), e.g. off/none");
			}
			for (int fork = 1; fork <= Integer.parseInt(options.get("forks")); fork++) {
				for (String line : runChild(parts[0], parts[1], options)) {
					if (line.startsWith(PERCENTILES)) {
						latencyRows.add(parts[0] + "," + parts[1] + "," + fork + ","
								+ line.substring(PERCENTILES.length()).replace(' ', ','));
					}
					else {
						rows.add(parts[0] + "," + parts[1] + "," + line.replaceFirst("^(\\w+) ", "$1," + fork + ",")
							.replace(' ', ','));
					}
				}
			}
		}
		Path csv = Path.of(options.get("csv"));
		CsvRows.write(csv, String.join(",", COLUMNS), rows);
		Path latencyCsv = Path.of(options.get("latency-csv"));
		if (!latencyRows.isEmpty()) {
			CsvRows.write(latencyCsv, String.join(",", LATENCY_COLUMNS), latencyRows);
		}
		System.out.println();
		System.out.println(Ratios.table(CsvTable.read(csv)));
		if (!latencyRows.isEmpty()) {
			System.out.println(Ratios.latencyTable(CsvTable.read(latencyCsv)));
		}
	}

	/** The child's lines: each round without its prefix, each channel's percentiles with it. */
	private static List<String> runChild(String observations, String policy, Map<String, String> options)
			throws Exception {
		List<String> lines = ChildJvm.run(observations + "/" + policy, List.of("-Xmx1g", "-Xms1g"), PairedCalls.class,
				List.of(CHILD, observations, policy, options.get("rounds"), options.get("latency-calls"),
						String.valueOf(DurationStyle.detectAndParse(options.get("block")).toMillis()),
						String.valueOf(DurationStyle.detectAndParse(options.get("warmup")).toMillis()),
						options.get("modes")),
				ROUND, PERCENTILES);
		return lines.stream().map((line) -> line.startsWith(ROUND) ? line.substring(ROUND.length()) : line).toList();
	}

	private static void measure(String observations, String policy, int rounds, int latencyCalls, Duration block,
			Duration warmup, List<String> modes) throws Exception {
		boolean cost = "cost".equals(observations);
		try (CallSetup setup = new CallSetup(!"off".equals(observations), policy)) {
			Side dialtone = new Side(setup.dialtoneAsync(), setup.dialtoneBlocking());
			// observations=cost: the other side is Dialtone's channel without observations.
			CallSetup.Stubs unobserved = cost ? setup.unobservedDialtone() : null;
			Side handBuilt = (unobserved != null) ? new Side(unobserved.async, unobserved.blocking)
					: new Side(setup.handBuiltAsync(), setup.handBuiltBlocking());
			long warmupEnd = System.nanoTime() + warmup.toNanos();
			for (int round = 0; System.nanoTime() < warmupEnd; round++) {
				for (String mode : modes) {
					measureRound(mode, round, dialtone, handBuilt, latencyCalls, block);
				}
			}
			System.out.println("warmed up for " + warmup.toMillis() + " ms");
			if (modes.contains("latency")) {
				System.out.println("threads at work, dialtone: " + threadsAtWork(dialtone, latencyCalls, block));
				System.out.println("threads at work, handbuilt: " + threadsAtWork(handBuilt, latencyCalls, block));
			}
			dialtone.recordLatencies(rounds * latencyCalls);
			handBuilt.recordLatencies(rounds * latencyCalls);
			for (int round = 1; round <= rounds; round++) {
				for (String mode : modes) {
					Block[] pair = measureRound(mode, round, dialtone, handBuilt, latencyCalls, block);
					System.out.printf(Locale.ROOT, "%s%s %d %s %.3f %.3f %s %d %d%n", ROUND, mode, round,
							(round % 2 == 0) ? "dialtone" : "handbuilt", pair[0].value(), pair[1].value(),
							pair[0].unit(), pair[0].bytesPerCall(), pair[1].bytesPerCall());
				}
			}
			dialtone.check();
			handBuilt.check();
			if (modes.contains("latency")) {
				System.out.println(PERCENTILES + "dialtone " + dialtone.percentiles());
				System.out.println(PERCENTILES + "handbuilt " + handBuilt.percentiles());
			}
		}
	}

	/**
	 * The threads that used at least 5 ms of CPU during one more block of one-at-a-time calls, with
	 * their ms: which event loops carry the side's connection, on the client and on the backend.
	 */
	private static String threadsAtWork(Side side, int latencyCalls, Duration block) throws InterruptedException {
		com.sun.management.ThreadMXBean threads = Allocation.THREADS;
		long[] ids = threads.getAllThreadIds();
		long[] before = new long[ids.length];
		for (int i = 0; i < ids.length; i++) {
			before[i] = threads.getThreadCpuTime(ids[i]);
		}
		side.measure("latency", latencyCalls, block);
		List<String> atWork = new ArrayList<>();
		for (int i = 0; i < ids.length; i++) {
			long millis = (threads.getThreadCpuTime(ids[i]) - before[i]) / 1_000_000;
			ThreadInfo info = threads.getThreadInfo(ids[i]);
			if (millis >= 5 && info != null) {
				atWork.add(info.getThreadName() + "=" + millis + "ms");
			}
		}
		return String.join(" ", atWork);
	}

	/** Both sides' blocks of one round, Dialtone's first in the array; the order they ran in alternates. */
	private static Block[] measureRound(String mode, int round, Side dialtone, Side handBuilt, int latencyCalls,
			Duration block) throws InterruptedException {
		if (round % 2 == 0) {
			Block first = dialtone.measure(mode, latencyCalls, block);
			return new Block[] { first, handBuilt.measure(mode, latencyCalls, block) };
		}
		Block first = handBuilt.measure(mode, latencyCalls, block);
		return new Block[] { dialtone.measure(mode, latencyCalls, block), first };
	}

	/** What one block measured: the value in its unit, and the bytes allocated per call. */
	record Block(double value, String unit, long bytesPerCall) {
	}

	/** One channel's stubs, and the calls in flight on it. */
	private static final class Side {

		private final BenchGrpc.BenchStub async;

		private final BenchGrpc.BenchBlockingStub blocking;

		private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

		private final AtomicLong completed = new AtomicLong();

		private final AtomicReference<Throwable> failure = new AtomicReference<>();

		// The time of each one-at-a-time call of the measured rounds, once recording started.
		private long[] latencies = new long[0];

		private int recorded;

		private final StreamObserver<Payload> release = new StreamObserver<>() {

			@Override
			public void onNext(Payload value) {
			}

			@Override
			public void onError(Throwable error) {
				Side.this.failure.compareAndSet(null, error);
				Side.this.completed.incrementAndGet();
				Side.this.inFlight.release();
			}

			@Override
			public void onCompleted() {
				Side.this.completed.incrementAndGet();
				Side.this.inFlight.release();
			}

		};

		Side(BenchGrpc.BenchStub async, BenchGrpc.BenchBlockingStub blocking) {
			this.async = async;
			this.blocking = blocking;
		}

		Block measure(String mode, int latencyCalls, Duration block) throws InterruptedException {
			long bytesBefore = Allocation.total();
			if (mode.equals("latency")) {
				long start = System.nanoTime();
				long callStart = start;
				for (int i = 0; i < latencyCalls; i++) {
					this.blocking.echo(CallSetup.PAYLOAD);
					long callEnd = System.nanoTime();
					if (this.recorded < this.latencies.length) {
						this.latencies[this.recorded++] = callEnd - callStart;
					}
					callStart = callEnd;
				}
				long nanos = System.nanoTime() - start;
				return new Block(nanos / 1000.0 / latencyCalls, "us_per_call",
						(Allocation.total() - bytesBefore) / latencyCalls);
			}
			boolean stream = mode.equals("stream");
			if (!stream && !mode.equals("unary")) {
				throw new IllegalArgumentException("modes: " + mode + "; known: latency, unary, stream");
			}
			this.completed.set(0);
			long start = System.nanoTime();
			long end = start + block.toNanos();
			while (System.nanoTime() < end) {
				this.inFlight.acquire();
				if (stream) {
					this.async.repeat(CallSetup.REPEAT, this.release);
				}
				else {
					this.async.echo(CallSetup.PAYLOAD, this.release);
				}
			}
			// Every call of this block finished before the other channel's block starts.
			if (!this.inFlight.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Calls still in flight after 30 s");
			}
			long nanos = System.nanoTime() - start;
			this.inFlight.release(IN_FLIGHT);
			long calls = this.completed.get();
			return new Block(calls * 1e9 / nanos, "calls_per_s", (Allocation.total() - bytesBefore) / calls);
		}

		void recordLatencies(int calls) {
			this.latencies = new long[calls];
			this.recorded = 0;
		}

		/** The number of recorded calls and their p50, p99 and p99.9 in µs, by nearest rank. */
		String percentiles() {
			long[] sorted = Arrays.copyOf(this.latencies, this.recorded);
			Arrays.sort(sorted);
			return String.format(Locale.ROOT, "%d %.1f %.1f %.1f", sorted.length, rank(sorted, 0.5) / 1000.0,
					rank(sorted, 0.99) / 1000.0, rank(sorted, 0.999) / 1000.0);
		}

		private static long rank(long[] sorted, double quantile) {
			if (sorted.length == 0) {
				return 0;
			}
			int rank = (int) Math.ceil(quantile * sorted.length);
			return sorted[Math.max(rank, 1) - 1];
		}

		void check() {
			if (this.failure.get() != null) {
				throw new IllegalStateException("A call failed", this.failure.get());
			}
		}

	}

	/** Bytes allocated so far by the JVM's live threads, as HotSpot counts them per thread. */
	private static final class Allocation {

		private static final com.sun.management.ThreadMXBean THREADS = (com.sun.management.ThreadMXBean) ManagementFactory
			.getThreadMXBean();

		static long total() {
			return Arrays.stream(THREADS.getThreadAllocatedBytes(THREADS.getAllThreadIds()))
				.filter((bytes) -> bytes > 0)
				.sum();
		}

	}

}
