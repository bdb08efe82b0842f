package dev.dialtone.benchmarks;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.security.Security;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.GreeterCalls;
import dev.dialtone.test.TestDnsServer;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;

/**
 * How long after a DNS name grows from one backend to three each new backend answers its first
 * call, with calls flowing at a steady rate. Backends are greeters on 127.0.0.1-3 with one port, the
 * name is answered by a {@link TestDnsServer} on loopback. Each run starts a fresh application, lets
 * the first backend answer, waits a random part of the refresh interval (so the change falls at
 * any point of the refresh cycle) and then changes the answer.
 * <p>
 * With {@code -Djdk.net.hosts.file=FILE} on the command line, a hosts-file run follows: the name is
 * on one line of that file (which the benchmark writes), the channel has no
 * {@code grpc.client.dns.servers}, and the change is the file growing to three lines. Beside it,
 * the JVM's own answer is timed: {@code InetAddress.getAllByName} asked every refresh interval, as a
 * resolver built on it would, with the JVM's address cache ({@code networkaddress.cache.ttl})
 * as configured.
 * <p>
 * Arguments (all optional): {@code intervals=1s,5s runs=10 stock-runs=5 stock-window=20s rate=100
 * hosts-runs=10 jvm-runs=3 jvm-window=40s csv=benchmarks/results/dns-change.csv}. Besides the tables on
 * standard output, each first reply from a new backend is written as a row of {@code csv}
 * ({@code resolver,interval,run,first_reply_ms,backend}), from which {@link Charts} draws the
 * distribution; a new backend that never answered within the run's window has no row.
 */
public final class DnsChangeLatency {

	private static final String NAME = "greeter.test";

	private static final String HOSTS_NAME = "greeter.hosts.test";

	private static final List<String> NEW_BACKENDS = List.of("127.0.0.2", "127.0.0.3");

	private DnsChangeLatency() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = options(args);
		List<Duration> intervals = new ArrayList<>();
		for (String interval : options.getOrDefault("intervals", "1s,5s").split(",")) {
			intervals.add(DurationStyle.detectAndParse(interval));
		}
		int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
		int stockRuns = Integer.parseInt(options.getOrDefault("stock-runs", "5"));
		Duration stockWindow = DurationStyle.detectAndParse(options.getOrDefault("stock-window", "20s"));
		int rate = Integer.parseInt(options.getOrDefault("rate", "100"));
		int hostsRuns = Integer.parseInt(options.getOrDefault("hosts-runs", "10"));
		int jvmRuns = Integer.parseInt(options.getOrDefault("jvm-runs", "3"));
		Duration jvmWindow = DurationStyle.detectAndParse(options.getOrDefault("jvm-window", "40s"));
		Path csvFile = Paths.get(options.getOrDefault("csv", "benchmarks/results/dns-change.csv"));
		String hostsFile = System.getProperty("jdk.net.hosts.file");
		List<String> csv = new ArrayList<>();
		csv.add("resolver,interval,run,first_reply_ms,backend");
		List<String> rows = new ArrayList<>();
		List<String> jvmRows = new ArrayList<>();
		try (LoopbackGreeters greeters = LoopbackGreeters.start(3); TestDnsServer dns = new TestDnsServer()) {
			Map<String, Object> common = new LinkedHashMap<>();
			common.put("grpc.client.channels.greeter.target", "dns:///" + NAME + ":" + greeters.port());
			common.put("grpc.client.dns.servers", dns.address());
			common.put("benchmark.dns.port", dns.port());
			for (Duration interval : intervals) {
				Map<String, Object> properties = new LinkedHashMap<>(common);
				properties.put("grpc.client.resolution.refresh-interval", interval.toMillis() + "ms");
				Duration window = interval.multipliedBy(2).plusSeconds(5);
				rows.add(measure("Dialtone, refresh-interval " + interval.toMillis() + " ms", runs, greeters, dns,
						properties, interval, window, rate, csvSeries(csv, "dialtone-dns", interval)));
			}
			if (stockRuns > 0) {
				rows.add(measure("grpc-java stock dns resolver", stockRuns, greeters, dns, common,
						Duration.ofSeconds(1), stockWindow, rate, csvSeries(csv, "stock-dns", null),
						StockDnsConfiguration.class));
			}
			if (hostsFile != null) {
				HostsFile hosts = new HostsFile(Paths.get(hostsFile), greeters);
				for (Duration interval : intervals) {
					Map<String, Object> properties = new LinkedHashMap<>();
					properties.put("grpc.client.channels.greeter.target", "dns:///" + HOSTS_NAME + ":" + greeters.port());
					properties.put("grpc.client.resolution.refresh-interval", interval.toMillis() + "ms");
					Duration window = interval.multipliedBy(2).plusSeconds(5);
					rows.add(measure("Dialtone, hosts file, refresh-interval " + interval.toMillis() + " ms", hostsRuns,
							hosts, properties, interval, window, rate, csvSeries(csv, "dialtone-hosts", interval)));
				}
				if (jvmRuns > 0) {
					jvmRows.add(measureJvm(jvmRuns, hosts, intervals.get(0), jvmWindow));
				}
			}
			else if (hostsRuns > 0) {
				System.out.println("No hosts-file run: start the JVM with -Djdk.net.hosts.file=FILE for one");
			}
		}
		if (csvFile.getParent() != null) {
			Files.createDirectories(csvFile.getParent());
		}
		Files.write(csvFile, csv);
		System.out.println("Wrote " + (csv.size() - 1) + " first replies to " + csvFile);
		System.out.println();
		System.out.println("| resolver | runs | new backends reached | first call on a new backend, ms: min / median / p90 / max"
				+ " | both new backends, ms: min / median / p90 / max | failed calls |");
		System.out.println("|---|---|---|---|---|---|");
		rows.forEach(System.out::println);
		if (!jvmRows.isEmpty()) {
			System.out.println();
			System.out.println("| JVM asked every | runs | change seen | after the change, ms: min / median / max |");
			System.out.println("|---|---|---|---|");
			jvmRows.forEach(System.out::println);
		}
	}

	private static String measure(String label, int runs, LoopbackGreeters greeters, TestDnsServer dns,
			Map<String, Object> properties, Duration spread, Duration window, int rate, CsvSeries csv,
			Class<?>... extra) throws Exception {
		return measure(label, runs, new Names() {

			private int queriesBefore;

			@Override
			public void oneBackend() {
				dns.setA(NAME, 60, "127.0.0.1");
			}

			@Override
			public void started() {
				this.queriesBefore = dns.queries(NAME);
			}

			@Override
			public void threeBackends() {
				dns.setA(NAME, 60, greeters.hosts());
			}

			@Override
			public String queries() {
				// The queries show which resolver ran: the stock one asks once, at start.
				return (dns.queries(NAME) - this.queriesBefore) + " DNS queries after the first call";
			}

		}, properties, spread, window, rate, csv, extra);
	}

	private static String measure(String label, int runs, Names names, Map<String, Object> properties,
			Duration spread, Duration window, int rate, CsvSeries csv, Class<?>... extra) throws Exception {
		List<Long> each = new ArrayList<>();
		List<Long> both = new ArrayList<>();
		int failures = 0;
		for (int run = 1; run <= runs; run++) {
			names.oneBackend();
			try (ConfigurableApplicationContext context = BenchmarkApplication.run(properties, extra)) {
				Channel channel = context.getBean(GrpcChannels.class).channel("greeter");
				// The channel resolves and connects on its first call; the refresh cycle starts there.
				GreeterCalls.call(channel);
				names.started();
				try (SteadyCalls calls = new SteadyCalls(GreeterGrpc.newFutureStub(channel), rate)) {
					Thread.sleep(ThreadLocalRandom.current().nextLong(spread.toMillis()));
					Map<String, Long> firstCalls = calls.firstCallsAfter(names::threeBackends, NEW_BACKENDS, window);
					firstCalls.values().forEach((millis) -> each.add(millis));
					int thisRun = run;
					firstCalls.forEach((backend, millis) -> csv.add(thisRun, millis, backend));
					if (firstCalls.size() == NEW_BACKENDS.size()) {
						both.add(firstCalls.values().stream().mapToLong(Long::longValue).max().getAsLong());
					}
					failures += calls.failures();
					System.out.printf("%s run %d: first calls after the change (ms) %s, %d calls, %d failed, %s%n",
							label, run, firstCalls, calls.calls(), calls.failures(), names.queries());
				}
			}
		}
		Stats eachStats = Stats.of(each);
		Stats bothStats = Stats.of(both);
		return "| " + label + " | " + runs + " | " + each.size() + " of " + (runs * NEW_BACKENDS.size())
				+ " within " + window.toSeconds() + " s | " + format(eachStats) + " | " + format(bothStats) + " | "
				+ failures + " |";
	}

	/**
	 * How long the JVM's own answer takes to follow the hosts file: {@code InetAddress.getAllByName}
	 * asked every interval from before the change, until it gives the three addresses.
	 */
	private static String measureJvm(int runs, HostsFile hosts, Duration interval, Duration window)
			throws Exception {
		List<Long> seen = new ArrayList<>();
		for (int run = 1; run <= runs; run++) {
			// A name the JVM has not cached yet, as in a fresh application.
			String name = "jvm" + run + "." + HOSTS_NAME;
			hosts.name(name);
			hosts.oneBackend();
			AtomicLong changedAt = new AtomicLong();
			CompletableFuture<Long> threeSeen = new CompletableFuture<>();
			ScheduledExecutorService asker = Executors.newSingleThreadScheduledExecutor();
			try {
				asker.scheduleAtFixedRate(() -> {
					try {
						int count = InetAddress.getAllByName(name).length;
						if (changedAt.get() != 0 && count == 3) {
							threeSeen.complete(System.nanoTime());
						}
					}
					catch (UnknownHostException ex) {
						// Not seen yet.
					}
				}, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
				Thread.sleep(ThreadLocalRandom.current().nextLong(interval.toMillis()) + interval.toMillis());
				changedAt.set(System.nanoTime());
				hosts.threeBackends();
				try {
					long millis = TimeUnit.NANOSECONDS.toMillis(
							threeSeen.get(window.toMillis(), TimeUnit.MILLISECONDS) - changedAt.get());
					seen.add(millis);
					System.out.printf("JVM run %d: InetAddress gave the three addresses %d ms after the change%n", run,
							millis);
				}
				catch (TimeoutException ex) {
					System.out.printf("JVM run %d: InetAddress did not give the three addresses within %s%n", run,
							window);
				}
			}
			finally {
				asker.shutdownNow();
				hosts.name(HOSTS_NAME);
			}
		}
		Stats stats = Stats.of(seen);
		String policy = Security.getProperty("networkaddress.cache.ttl");
		return "| " + interval.toMillis() + " ms (networkaddress.cache.ttl "
				+ ((policy != null) ? policy : "unset: 30 s") + ") | " + runs + " | " + seen.size() + " of " + runs
				+ " within " + window.toSeconds() + " s | "
				+ ((stats.count() == 0) ? "none" : stats.min() + " / " + stats.median() + " / " + stats.max()) + " |";
	}

	private static String format(Stats stats) {
		if (stats.count() == 0) {
			return "none";
		}
		return stats.min() + " / " + stats.median() + " / " + stats.p90() + " / " + stats.max();
	}

	/**
	 * The rows of one resolver and interval in the CSV file.
	 */
	private static CsvSeries csvSeries(List<String> csv, String resolver, Duration interval) {
		String intervalText = (interval == null) ? ""
				: (interval.toMillis() % 1000 == 0) ? interval.toSeconds() + "s" : interval.toMillis() + "ms";
		return (run, millis, backend) -> csv.add(resolver + "," + intervalText + "," + run + "," + millis + "," + backend);
	}

	private interface CsvSeries {

		void add(int run, long firstReplyMillis, String backend);

	}

	private static Map<String, String> options(String[] args) {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			int equals = arg.indexOf('=');
			if (equals < 0) {
				throw new IllegalArgumentException("Arguments are name=value, not '" + arg + "'");
			}
			options.put(arg.substring(0, equals), arg.substring(equals + 1));
		}
		return options;
	}

	/**
	 * The name the channel resolves, with one backend or three.
	 */
	private interface Names {

		void oneBackend();

		void threeBackends();

		/** The channel made its first call. */
		default void started() {
		}

		/** What was asked of DNS since the first call, for the log line of a run. */
		String queries();

	}

	/**
	 * The hosts file the JVM reads ({@code jdk.net.hosts.file}), written as the name's backends change.
	 */
	private static final class HostsFile implements Names {

		private final Path path;

		private final LoopbackGreeters greeters;

		private volatile String name = HOSTS_NAME;

		HostsFile(Path path, LoopbackGreeters greeters) {
			this.path = path;
			this.greeters = greeters;
		}

		void name(String name) {
			this.name = name;
		}

		@Override
		public void oneBackend() {
			write("127.0.0.1");
		}

		@Override
		public void threeBackends() {
			write(this.greeters.hosts());
		}

		@Override
		public String queries() {
			return "no DNS server";
		}

		private void write(String... hosts) {
			List<String> lines = new ArrayList<>(List.of("127.0.0.1 localhost"));
			for (String host : hosts) {
				lines.add(host + " " + this.name);
			}
			try {
				Path written = Files.write(this.path.resolveSibling(this.path.getFileName() + ".new"), lines);
				Files.move(written, this.path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}

	}

	/**
	 * Calls at a fixed rate from one scheduler thread, each with a 2 s deadline, noting which backend
	 * answered and when.
	 */
	private static final class SteadyCalls implements AutoCloseable {

		private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();

		private final Map<String, CompletableFuture<Long>> firstReplies = new ConcurrentHashMap<>();

		private final AtomicInteger calls = new AtomicInteger();

		private final AtomicInteger failures = new AtomicInteger();

		private volatile long changedAt;

		SteadyCalls(GreeterGrpc.GreeterFutureStub greeter, int rate) {
			this.scheduler.scheduleAtFixedRate(() -> call(greeter), 0, 1_000_000 / rate, TimeUnit.MICROSECONDS);
		}

		private void call(GreeterGrpc.GreeterFutureStub greeter) {
			this.calls.incrementAndGet();
			Futures.addCallback(greeter.withDeadlineAfter(2, TimeUnit.SECONDS).sayHello(GreeterCalls.hello()),
					new FutureCallback<HelloReply>() {
						@Override
						public void onSuccess(HelloReply reply) {
							CompletableFuture<Long> first = SteadyCalls.this.firstReplies.get(reply.getBackend());
							if (first != null) {
								first.complete(System.nanoTime());
							}
						}

						@Override
						public void onFailure(Throwable ex) {
							SteadyCalls.this.failures.incrementAndGet();
						}
					}, MoreExecutors.directExecutor());
		}

		/**
		 * Makes the change, then waits up to the window for a reply from each backend.
		 * @return milliseconds from the change to each backend's first reply, for those that replied
		 */
		Map<String, Long> firstCallsAfter(Runnable change, List<String> backends, Duration window)
				throws InterruptedException {
			backends.forEach((backend) -> this.firstReplies.put(backend, new CompletableFuture<>()));
			this.changedAt = System.nanoTime();
			change.run();
			try {
				CompletableFuture.allOf(this.firstReplies.values().toArray(CompletableFuture[]::new))
					.get(window.toMillis(), TimeUnit.MILLISECONDS);
			}
			catch (TimeoutException ex) {
				// Reported as the backends missing from the answer.
			}
			catch (ExecutionException ex) {
				throw new IllegalStateException(ex);
			}
			Map<String, Long> millis = new LinkedHashMap<>();
			for (String backend : backends) {
				CompletableFuture<Long> first = this.firstReplies.get(backend);
				if (first.isDone()) {
					millis.put(backend, TimeUnit.NANOSECONDS.toMillis(first.join() - this.changedAt));
				}
			}
			return millis;
		}

		int calls() {
			return this.calls.get();
		}

		int failures() {
			return this.failures.get();
		}

		@Override
		public void close() throws InterruptedException {
			this.scheduler.shutdownNow();
			this.scheduler.awaitTermination(5, TimeUnit.SECONDS);
		}

	}

}
