package dev.dialtone.benchmarks;

import java.io.IOException;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import javax.management.ObjectName;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.context.metrics.buffering.BufferingApplicationStartup;
import org.springframework.boot.context.metrics.buffering.StartupTimeline;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.ApplicationStartup;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.TestDnsServer;

/**
 * Live threads and heap used after GC of an application with N Dialtone channels, right after
 * startup and after one call on every channel. Each N runs in a JVM of its own, so that one count's
 * leftovers (threads kept alive, classes, JIT) do not show in the next; the backends and the DNS
 * server run in this launching JVM, so that only the client is measured.
 * <p>
 * Off-heap, at the same two points: the direct memory that gRPC's shaded Netty counts
 * ({@code PlatformDependent.usedDirectMemory()}: the chunks of gRPC's pooled allocator, the native
 * arrays of its epoll event loops), the JVM's own direct buffer pool ({@code BufferPoolMXBean}
 * "direct", which holds Netty's buffers too, as this Netty allocates them with
 * {@code ByteBuffer.allocateDirect}), and the resident set of the whole process ({@code VmRSS} of
 * {@code /proc/self/status}: touched heap, metaspace, code cache, thread stacks and direct memory
 * alike). All three are read, none estimated; a number that cannot be read is printed as {@code -}.
 * <p>
 * Arguments (all optional): {@code counts=0,1,100,1000 xmx=1g}; {@code histogram=25} prints, for
 * each count, the 25 classes holding the most heap after startup ({@code GC.class_histogram}, live
 * objects only); {@code steps=30} prints the 30 longest steps of the start that Spring records
 * (bean instantiations, with their names); {@code jvm-args=-XX:SoftRefLRUPolicyMSPerMB=0} adds
 * options (comma-separated) to each measuring JVM; {@code csv=benchmarks/results/footprint.csv
 * variant=after} writes one row per count to that file (see {@link CsvRows}).
 */
public final class ChannelFootprint {

	private static final String CHILD = "child";

	private static final int BACKENDS = 3;

	private ChannelFootprint() {
	}

	public static void main(String[] args) throws Exception {
		if (args.length > 0 && args[0].equals(CHILD)) {
			measure(Integer.parseInt(args[1]), Integer.parseInt(args[2]), Integer.parseInt(args[3]),
					Integer.parseInt(args[4]), (args.length > 5) ? Integer.parseInt(args[5]) : 0);
			return;
		}
		String counts = "0,1,100,1000";
		String xmx = "1g";
		int histogram = 0;
		int steps = 0;
		List<String> jvmArgs = List.of();
		Path csv = null;
		String variant = null;
		for (String arg : args) {
			if (arg.startsWith("counts=")) {
				counts = arg.substring("counts=".length());
			}
			else if (arg.startsWith("xmx=")) {
				xmx = arg.substring("xmx=".length());
			}
			else if (arg.startsWith("histogram=")) {
				histogram = Integer.parseInt(arg.substring("histogram=".length()));
			}
			else if (arg.startsWith("jvm-args=")) {
				jvmArgs = List.of(arg.substring("jvm-args=".length()).split(","));
			}
			else if (arg.startsWith("steps=")) {
				steps = Integer.parseInt(arg.substring("steps=".length()));
			}
			else if (arg.startsWith("csv=")) {
				csv = Path.of(arg.substring("csv=".length()));
			}
			else if (arg.startsWith("variant=")) {
				variant = arg.substring("variant=".length());
			}
			else {
				throw new IllegalArgumentException("Unknown argument " + arg
						+ "; known: counts=, xmx=, histogram=, steps=, jvm-args=, csv=, variant=");
			}
		}
		if ((csv == null) != (variant == null)) {
			throw new IllegalArgumentException("csv= and variant= go together");
		}
		List<Result> results = new ArrayList<>();
		try (LoopbackGreeters greeters = LoopbackGreeters.start(BACKENDS); TestDnsServer dns = new TestDnsServer()) {
			dns.setA(Channels.NAME, 60, greeters.hosts());
			for (String count : counts.split(",")) {
				results.add(runChild(Integer.parseInt(count), greeters.port(), dns.port(), xmx, jvmArgs, histogram, steps));
			}
		}
		System.out.println();
		System.out.println("| channels | startup, ms | after startup: threads | heap, MB | bytes/channel "
				+ "| after a call on each: threads | heap, MB | bytes/channel "
				+ "| after startup: Netty direct, bytes | JDK direct, bytes | RSS, MB "
				+ "| after a call on each: Netty direct, bytes | JDK direct, bytes | RSS, MB |");
		System.out.println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
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
					+ perChannel(result, base, result.calledHeap(), (base != null) ? base.calledHeap() : 0) + " | "
					+ bytes(result.startedNettyDirect()) + " | " + bytes(result.startedJdkDirect()) + " | "
					+ residentMegabytes(result.startedRss()) + " | " + bytes(result.calledNettyDirect()) + " | "
					+ bytes(result.calledJdkDirect()) + " | " + residentMegabytes(result.calledRss()) + " |");
		}
		if (csv != null) {
			List<String> rows = new ArrayList<>();
			for (Result result : results) {
				Result base = (result.count() > 1) ? one : (result.count() == 1) ? none : null;
				String perChannel = (base != null)
						? String.valueOf((result.startedHeap() - base.startedHeap()) / (result.count() - base.count()))
						: "";
				rows.add(variant + "," + result.count() + "," + result.startupMillis() + "," + perChannel + ","
						+ result.startedHeap());
			}
			CsvRows.write(csv, "variant,channels,startup_ms,heap_bytes_per_channel,heap_bytes_total", rows);
		}
	}

	private static String perChannel(Result result, Result base, long heap, long baseHeap) {
		if (base == null) {
			return "-";
		}
		return String.valueOf((heap - baseHeap) / (result.count() - base.count()));
	}

	private static Result runChild(int count, int port, int dnsPort, String xmx, List<String> jvmArgs, int histogram,
			int steps) throws Exception {
		List<String> options = new ArrayList<>();
		options.add("-Xmx" + xmx);
		options.addAll(jvmArgs);
		List<String> results = ChildJvm.run(String.valueOf(count), options, ChannelFootprint.class,
				List.of(CHILD, String.valueOf(count), String.valueOf(port), String.valueOf(dnsPort),
						String.valueOf(histogram), String.valueOf(steps)),
				Result.PREFIX);
		return Result.parse(results.get(results.size() - 1));
	}

	private static void measure(int count, int port, int dnsPort, int histogram, int steps) throws Exception {
		LoopbackGreeters greeters = LoopbackGreeters.describe(BACKENDS, port);
		Snapshot before = Snapshot.take(false);
		System.out.println("before the application: " + before);
		long start = System.nanoTime();
		long startCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
		// Recording steps costs time of its own: only when asked for.
		BufferingApplicationStartup startup = (steps > 0) ? new BufferingApplicationStartup(100_000) : null;
		try (ConfigurableApplicationContext context = BenchmarkApplication.run(
				(startup != null) ? startup : ApplicationStartup.DEFAULT, WebApplicationType.NONE,
				Channels.properties(count, greeters, dnsPort))) {
			long startupMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
			// CPU time of the thread that started the application: on a machine shared with other
			// work, far steadier than the wall-clock time, which counts the time spent waiting for a core.
			long startupCpuMillis = TimeUnit.NANOSECONDS
				.toMillis(ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - startCpu);
			System.out.println("startup: " + startupMillis + " ms, of which " + startupCpuMillis
					+ " ms on the CPU in the starting thread");
			Snapshot started = Snapshot.take(count > 0);
			System.out.println("after startup: " + started);
			if (histogram > 0) {
				printHistogram(histogram);
			}
			if (steps > 0) {
				printSteps(startup, steps);
			}
			if (!Channels.callEach(context.getBean(GrpcChannels.class), BACKENDS, Duration.ofSeconds(60))) {
				throw new IllegalStateException("Not every channel reached its " + BACKENDS + " backends in 60 s");
			}
			Snapshot called = Snapshot.take(count > 0);
			System.out.println("after a call on each: " + called);
			System.out.println("threads after a call on each, by name: " + called.threadNames());
			System.out.println(new Result(count, startupMillis, started.threads(), started.heap(), called.threads(),
					called.heap(), started.nettyDirect(), started.jdkDirect(), started.rss(), called.nettyDirect(),
					called.jdkDirect(), called.rss()));
		}
	}

	/**
	 * The longest steps of the start as Spring records them (bean instantiations, configuration
	 * classes, the context's refresh), each with its tags (the bean's name). A step's time includes
	 * the steps inside it, such as the beans a bean depends on.
	 */
	private static void printSteps(BufferingApplicationStartup startup, int lines) {
		startup.getBufferedTimeline()
			.getEvents()
			.stream()
			.sorted(Comparator.comparing(StartupTimeline.TimelineEvent::getDuration).reversed())
			.limit(lines)
			.forEach((event) -> {
				StringBuilder tags = new StringBuilder();
				event.getStartupStep()
					.getTags()
					.forEach((tag) -> tags.append(' ').append(tag.getKey()).append('=').append(tag.getValue()));
				System.out.println("step: " + event.getDuration().toMillis() + " ms " + event.getStartupStep().getName()
						+ tags);
			});
	}

	/**
	 * The classes holding the most heap, live objects only, as {@code jcmd <pid> GC.class_histogram}
	 * prints them (the JVM's own diagnostic command, asked from inside).
	 */
	private static void printHistogram(int lines) throws Exception {
		String histogram = (String) ManagementFactory.getPlatformMBeanServer()
			.invoke(new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
					new Object[] { new String[0] }, new String[] { String[].class.getName() });
		histogram.lines().limit(lines + 2L).forEach((line) -> System.out.println("histogram: " + line));
	}

	private static String megabytes(long bytes) {
		return String.format("%.1f", bytes / (1024.0 * 1024.0));
	}

	private static String bytes(long bytes) {
		return (bytes >= 0) ? String.valueOf(bytes) : "-";
	}

	private static String residentMegabytes(long bytes) {
		return (bytes >= 0) ? megabytes(bytes) : "-";
	}

	/**
	 * One count's numbers, passed from the measuring JVM to the launching one as a line of output.
	 */
	private record Result(int count, long startupMillis, int startedThreads, long startedHeap, int calledThreads,
			long calledHeap, long startedNettyDirect, long startedJdkDirect, long startedRss, long calledNettyDirect,
			long calledJdkDirect, long calledRss) {

		static final String PREFIX = "RESULT ";

		static Result parse(String line) {
			String[] values = line.substring(PREFIX.length()).split(" ");
			return new Result(Integer.parseInt(values[0]), Long.parseLong(values[1]), Integer.parseInt(values[2]),
					Long.parseLong(values[3]), Integer.parseInt(values[4]), Long.parseLong(values[5]),
					Long.parseLong(values[6]), Long.parseLong(values[7]), Long.parseLong(values[8]),
					Long.parseLong(values[9]), Long.parseLong(values[10]), Long.parseLong(values[11]));
		}

		@Override
		public String toString() {
			return PREFIX + this.count + " " + this.startupMillis + " " + this.startedThreads + " " + this.startedHeap
					+ " " + this.calledThreads + " " + this.calledHeap + " " + this.startedNettyDirect + " "
					+ this.startedJdkDirect + " " + this.startedRss + " " + this.calledNettyDirect + " "
					+ this.calledJdkDirect + " " + this.calledRss;
		}

	}

	/**
	 * Live threads, and heap used after full collections (the least of three, as one collection
	 * can leave garbage that a finalizer or reference queue frees only for the next); then, read
	 * after the heap so as not to count in it, the off-heap numbers:
	 * <ul>
	 * <li>{@code nettyDirect}: gRPC's shaded Netty's own count of the direct memory it allocated
	 * ({@code io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent.usedDirectMemory()}).
	 * With this Netty (4.2) every direct allocation is counted, with or without a cleaner, so it is
	 * a real number, not -1; for gRPC's pooled allocator it is the 2 MiB chunks its arenas hold, not
	 * the bytes of live buffers. {@code -1} with no channel, when Netty is not set up.</li>
	 * <li>{@code jdkDirect}: memory used by the JVM's "direct" buffer pool, which includes Netty's
	 * buffers as well as the JDK's own (such as NIO's per-thread temporary buffers), so it is not to
	 * be added to {@code nettyDirect}.</li>
	 * <li>{@code rss}: resident set of the whole process ({@code VmRSS}), {@code -1} where there is no
	 * {@code /proc/self/status}.</li>
	 * </ul>
	 */
	private record Snapshot(int threads, long heap, Map<String, Integer> threadNames, long nettyDirect,
			long jdkDirect, long jdkDirectBuffers, long rss) {

		private static final String NETTY_PLATFORM = "io.grpc.netty.shaded.io.netty.util.internal.PlatformDependent";

		/**
		 * @param nettyInUse whether channels exist, so gRPC's Netty is set up: without any, reading
		 * its counter would set it up and add to the heap of the next snapshot what the application
		 * did not
		 */
		static Snapshot take(boolean nettyInUse) {
			long heap = Long.MAX_VALUE;
			for (int i = 0; i < 3; i++) {
				System.gc();
				heap = Math.min(heap, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
			}
			Map<String, Integer> names = new TreeMap<>();
			for (Thread thread : Thread.getAllStackTraces().keySet()) {
				names.merge(thread.getName().replaceAll("[0-9]+", "N"), 1, Integer::sum);
			}
			int threads = ManagementFactory.getThreadMXBean().getThreadCount();
			BufferPoolMXBean direct = ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)
				.stream()
				.filter((pool) -> pool.getName().equals("direct"))
				.findFirst()
				.orElseThrow();
			return new Snapshot(threads, heap, names, nettyInUse ? usedNettyDirect() : -1, direct.getMemoryUsed(),
					direct.getCount(),
					residentSetSize());
		}

		private static long usedNettyDirect() {
			try {
				return (long) Class.forName(NETTY_PLATFORM).getMethod("usedDirectMemory").invoke(null);
			}
			catch (ReflectiveOperationException ex) {
				throw new IllegalStateException("Cannot read the direct memory of gRPC's Netty", ex);
			}
		}

		private static long residentSetSize() {
			try {
				for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
					if (line.startsWith("VmRSS:")) {
						// "VmRSS:    123456 kB"
						return Long.parseLong(line.substring("VmRSS:".length()).replace("kB", "").trim()) * 1024;
					}
				}
				return -1;
			}
			catch (IOException ex) {
				return -1;
			}
		}

		@Override
		public String toString() {
			return this.threads + " threads, " + megabytes(this.heap) + " MB heap, Netty direct "
					+ ((this.nettyDirect >= 0) ? this.nettyDirect + " bytes" : "none (Netty not initialized)")
					+ ", JDK direct " + this.jdkDirect + " bytes in " + this.jdkDirectBuffers + " buffers, RSS "
					+ ((this.rss >= 0) ? megabytes(this.rss) + " MB" : "unknown");
		}

	}

}
