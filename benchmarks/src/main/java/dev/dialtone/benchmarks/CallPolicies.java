package dev.dialtone.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.GreeterCalls;
import dev.dialtone.test.proto.GreeterGrpc;

/**
 * What hedging and retry throttling do, measured through Dialtone's channels against greeters on
 * loopback: call latency with and without hedging when one backend of ten answers slowly (a slow
 * tail of about 10% of calls), and the attempts a backend that fails every call receives from an
 * unthrottled and a throttled channel.
 * <p>
 * Arguments (all optional): {@code calls=500 slow=200ms storm-calls=200}.
 */
public final class CallPolicies {

	private CallPolicies() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		int calls = Integer.parseInt(options.getOrDefault("calls", "500"));
		Duration slow = DurationStyle.detectAndParse(options.getOrDefault("slow", "200ms"));
		int stormCalls = Integer.parseInt(options.getOrDefault("storm-calls", "200"));
		List<String> rows = new ArrayList<>();
		rows.add(latencies("no hedging", calls, slow));
		rows.add(latencies("hedging, delay 20ms, 3 attempts", calls, slow,
				"grpc.client.channels.greeter.hedging.enabled=true", "grpc.client.channels.greeter.hedging.delay=20ms",
				"grpc.client.channels.greeter.hedging.max-attempts=3"));
		System.out.println();
		System.out.println("| channel | calls | latency ms: p50 / p90 / p99 / max |");
		System.out.println("|---|---|---|");
		rows.forEach(System.out::println);
		System.out.println();
		System.out.println("| channel | calls | attempts the failing backend received | attempts per call |");
		System.out.println("|---|---|---|---|");
		System.out.println(storm("retry, 5 attempts, no throttling", stormCalls));
		System.out.println(storm("retry, 5 attempts, retry-throttling 10 / 0.1", stormCalls,
				"grpc.client.channels.greeter.retry-throttling.max-tokens=10",
				"grpc.client.channels.greeter.retry-throttling.token-ratio=0.1"));
	}

	private static String latencies(String label, int calls, Duration slow, String... settings) throws Exception {
		List<GreeterBackend> backends = new ArrayList<>();
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < 10; i++) {
			GreeterBackend backend = GreeterBackend.start("b" + i);
			backends.add(backend);
			addresses.add(backend.address());
		}
		backends.get(0).greeter().setDelay(slow);
		Map<String, Object> properties = properties(settings);
		properties.put("grpc.client.channels.greeter.target", "static://" + String.join(",", addresses));
		List<Long> micros = new ArrayList<>();
		try (ConfigurableApplicationContext context = BenchmarkApplication.run(properties)) {
			Channel channel = ready(context.getBean(GrpcChannels.class), 10);
			GreeterGrpc.GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channel);
			for (int i = 0; i < calls; i++) {
				long start = System.nanoTime();
				greeter.withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(GreeterCalls.hello());
				micros.add((System.nanoTime() - start) / 1000);
			}
		}
		finally {
			backends.forEach(GreeterBackend::close);
		}
		micros.sort(null);
		return "| " + label + " | " + calls + " | " + ms(rank(micros, 0.5)) + " / " + ms(rank(micros, 0.9)) + " / "
				+ ms(rank(micros, 0.99)) + " / " + ms(micros.get(micros.size() - 1)) + " |";
	}

	private static String storm(String label, int calls, String... settings) throws Exception {
		Map<String, Object> properties = properties(settings);
		properties.put("grpc.client.channels.greeter.retry.enabled", "true");
		properties.put("grpc.client.channels.greeter.retry.max-attempts", "5");
		properties.put("grpc.client.channels.greeter.retry.initial-backoff", "1ms");
		properties.put("grpc.client.channels.greeter.retry.max-backoff", "5ms");
		try (GreeterBackend backend = GreeterBackend.start("failing")) {
			properties.put("grpc.client.channels.greeter.target", "static://" + backend.address());
			try (ConfigurableApplicationContext context = BenchmarkApplication.run(properties)) {
				Channel channel = ready(context.getBean(GrpcChannels.class), 1);
				backend.greeter().failWith(Status.UNAVAILABLE);
				int before = backend.calls();
				for (int i = 0; i < calls; i++) {
					try {
						GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS)
							.sayHello(GreeterCalls.hello());
					}
					catch (StatusRuntimeException ex) {
						// Every call fails: what is measured is how often it was tried.
					}
				}
				int attempts = backend.calls() - before;
				return "| " + label + " | " + calls + " | " + attempts + " | "
						+ String.format("%.2f", attempts / (double) calls) + " |";
			}
		}
	}

	private static Map<String, Object> properties(String... settings) {
		Map<String, Object> properties = new LinkedHashMap<>();
		for (String setting : settings) {
			String[] pair = setting.split("=", 2);
			properties.put(pair[0], pair[1]);
		}
		return properties;
	}

	private static Channel ready(GrpcChannels channels, int backends) throws InterruptedException {
		Channel channel = channels.channel("greeter");
		long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
		while (channels.activity("greeter").readyBackends() < backends) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Backends not ready: " + channels.activity("greeter").backends());
			}
			GreeterCalls.call(channel);
		}
		return channel;
	}

	private static long rank(List<Long> sorted, double quantile) {
		int rank = (int) Math.ceil(quantile * sorted.size());
		return sorted.get(Math.max(rank, 1) - 1);
	}

	private static String ms(long micros) {
		return String.format("%.1f", micros / 1000.0);
	}

}
