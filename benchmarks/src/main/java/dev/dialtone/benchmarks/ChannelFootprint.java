package dev.dialtone.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.TestDnsServer;

/**
 * Live threads and heap used after GC of an application with N Dialtone channels, right after
 * startup and after one call on every channel. Each N runs in a JVM of its own, so that one count's
 * leftovers (threads kept alive, classes, JIT) do not show in the next; the backends and the DNS
 * server run in this launching JVM, so that only the client is measured.
 * <p>
 * Arguments (all optional): {@code counts=0,1,100,1000 xmx=1g}.
 */
public final class ChannelFootprint {

	private static final String CHILD = "child";

	private static final int BACKENDS = 3;

	private ChannelFootprint() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals(CHILD)) {
			measure(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]));
			return;
		}
		String counts = "0,1,100,1000";
		String xmx = "1g";
		for (String arg : args) {
			if (arg.startsWith("counts=")) {
				counts = arg.substring("counts=".length());
			}
			else if (arg.startsWith("xmx=")) {
				xmx = arg.substring("xmx=".length());
			}
		}
		List<Result> results = new ArrayList<>();
		try (LoopbackGreeters greeters = LoopbackGreeters.start(BACKENDS); TestDnsServer dns = new TestDnsServer()) {
			dns.setA(Channels.NAME, 60, greeters.hosts());
			for (String count : counts.split(",")) {
				results.add(runChild(Integer.parseInt(count), greeters.port(), dns.port(), xmx));
			}
		}
		System.out.println();
		System.out.println("| channels | startup, ms | after startup: threads | heap, MB | bytes/channel "
				+ "| after a call on each: threads | heap, MB | bytes/channel |");
		System.out.println("|---|---|---|---|---|---|---|---|");
		Result one = results.stream().filter((result) -> result.count() == 1).findFirst().orElse(null);
		Result none = results.stream().filter((result) -> result.count() == 0).findFirst().orElse(null);
		for (Result result : results) {
			// Per channel beyond the first, so that what the first channel brings once for all
			// (gRPC's shared event loop and executor, Netty's and dnsjava's classes' statics) is not
			// spread over the others; the first channel's cost is its difference to no channel.
			Result base = (result.count() > 1) ? one : (result.count() == 1) ? none : null;
			System.out.println("| " + result.count() + " | " + result.startupMillis() + " | " + result.startedThreads()
					+ " | " + megabytes(result.startedHeap()) + " | "
					+ perChannel(result, base, result.startedHeap(), (base != null) ? base.startedHeap() : 0) + " | "
					+ result.calledThreads() + " | " + megabytes(result.calledHeap()) + " | "
					+ perChannel(result, base, result.calledHeap(), (base != null) ? base.calledHeap() : 0) + " |");
		}
	}

	private static String perChannel(Result result, Result base, long heap, long baseHeap) {
		if (base == null) {
			return "-";
		}
		return String.valueOf((heap - baseHeap) / (result.count() - base.count()));
	}

	private static Result runChild(int count, int port, int dnsPort, String xmx) throws Exception {
		String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
		Process child = new ProcessBuilder(java, "-Xmx" + xmx, "-cp", System.getProperty("java.class.path"),
				ChannelFootprint.class.getName(), CHILD, String.valueOf(count), String.valueOf(port),
				String.valueOf(dnsPort))
			.redirectErrorStream(true)
			.start();
		Result result = null;
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				System.out.println("[" + count + "] " + line);
				if (line.startsWith(Result.PREFIX)) {
					result = Result.parse(line);
				}
			}
		}
		if (!child.waitFor(5, TimeUnit.MINUTES) || child.exitValue() != 0 || result == null) {
			child.destroyForcibly();
			throw new IllegalStateException("The measurement of " + count + " channels failed");
		}
		return result;
	}

	private static void measure(int count, int port, int dnsPort) throws Exception {
		LoopbackGreeters greeters = LoopbackGreeters.describe(BACKENDS, port);
		Snapshot before = Snapshot.take();
		System.out.println("before the application: " + before);
		long start = System.nanoTime();
		try (ConfigurableApplicationContext context = BenchmarkApplication
			.run(Channels.properties(count, greeters, dnsPort))) {
			long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			Snapshot started = Snapshot.take();
			System.out.println("after startup: " + started);
			if (!Channels.callEach(context.getBean(GrpcChannels.class), BACKENDS, Duration.ofSeconds(60))) {
				throw new IllegalStateException("Not every channel reached its " + BACKENDS + " backends in 60 s");
			}
			Snapshot called = Snapshot.take();
			System.out.println("after a call on each: " + called);
			System.out.println("threads after a call on each, by name: " + called.threadNames());
			System.out.println(new Result(count, startupMillis, started.threads(), started.heap(), called.threads(),
					called.heap()));
		}
	}

	private static String megabytes(long bytes) {
		return String.format("%.1f", bytes / (1024.0 * 1024.0));
	}

	/**
	 * One count's numbers, passed from the measuring JVM to the launching one as a line of output.
	 */
	private record Result(int count, long startupMillis, int startedThreads, long startedHeap, int calledThreads,
			long calledHeap) {

		static final String PREFIX = "RESULT ";

		static Result parse(String line) {
			String[] values = line.substring(PREFIX.length()).split(" ");
			return new Result(Integer.parseInt(values[0]), Long.parseLong(values[1]), Integer.parseInt(values[2]),
					Long.parseLong(values[3]), Integer.parseInt(values[4]), Long.parseLong(values[5]));
		}

		@Override
		public String toString() {
			return PREFIX + this.count + " " + this.startupMillis + " " + this.startedThreads + " " + this.startedHeap
					+ " " + this.calledThreads + " " + this.calledHeap;
		}

	}

	/**
	 * Live threads, and heap used after full collections (the least of three, as one collection
	 * can leave garbage that a finalizer or reference queue frees only for the next).
	 */
	private record Snapshot(int threads, long heap, Map<String, Integer> threadNames) {

		static Snapshot take() {
			long heap = Long.MAX_VALUE;
			for (int i = 0; i < 3; i++) {
				System.gc();
				heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
			}
			Map<String, Integer> names = new TreeMap<>();
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				names.merge(thread.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
			}
			return new Snapshot(ManagementFactory.getThreadMXBean().getThreadCount(), heap, names);
		}

		@Override
		public String toString() {
			return this.threads + " threads, " + megabytes(this.heap) + " MB heap";
		}

	}

}
