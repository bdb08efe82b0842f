package dev.dialtone.benchmarks;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;
import io.grpc.Channel;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.EmbeddedEtcd;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.GreeterCalls;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;

/**
 * How fast an {@code etcd:///greeter} channel follows registrations, against a real etcd on
 * loopback ({@code etcd} from Debian's etcd-server): with calls flowing at 200 a second, a server
 * registers with a lease (time from the put to its first call), then stops keeping the lease alive
 * as a crashed server would (time from the key's expiry, as etcd reports it, to the server's last
 * call). The refresh interval is an hour, so only etcd's watch can bring the changes.
 * <p>
 * Arguments (all optional): {@code runs=10 ttl=2}.
 */
public final class EtcdChangeLatency {

	private EtcdChangeLatency() {
	}

	public static void main(String[] args) throws Exception {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		int runs = Integer.parseInt(options.getOrDefault("runs", "10"));
		Duration ttl = Duration.ofSeconds(Long.parseLong(options.getOrDefault("ttl", "2")));
		List<GreeterBackend> backends = new ArrayList<>();
		List<Long> firstCalls = new ArrayList<>();
		List<Long> lastCalls = new ArrayList<>();
		Map<String, Long> first = new ConcurrentHashMap<>();
		Map<String, Long> last = new ConcurrentHashMap<>();
		ScheduledExecutorService caller = Executors.newSingleThreadScheduledExecutor();
		try (EmbeddedEtcd etcd = EmbeddedEtcd.start()) {
			for (int i = 0; i <= runs; i++) {
				backends.add(GreeterBackend.start("b" + i));
			}
			etcd.register("greeter/b0", backends.get(0).address(), Duration.ofMinutes(10));
			Map<String, Object> properties = new LinkedHashMap<>();
			properties.put("grpc.client.etcd.endpoints", etcd.endpoint());
			properties.put("grpc.client.channels.greeter.target", "etcd:///greeter");
			properties.put("grpc.client.channels.greeter.resolution.refresh-interval", "1h");
			properties.put("grpc.client.channels.greeter.retry.enabled", "true");
			try (ConfigurableApplicationContext context = BenchmarkApplication.run(properties)) {
				Channel channel = context.getBean(GrpcChannels.class).channel("greeter");
				GreeterCalls.call(channel);
				GreeterGrpc.GreeterFutureStub greeter = GreeterGrpc.newFutureStub(channel);
				caller.scheduleAtFixedRate(() -> {
					ListenableFuture<HelloReply> reply = greeter.withDeadlineAfter(5, TimeUnit.SECONDS)
						.sayHello(GreeterCalls.hello());
					reply.addListener(() -> {
						try {
							long now = System.nanoTime();
							String backend = reply.get().getBackend();
							first.putIfAbsent(backend, now);
							last.put(backend, now);
						}
						catch (Exception ex) {
							// Counted by what is missing: a failed call names no backend.
						}
					}, MoreExecutors.directExecutor());
				}, 0, 5, TimeUnit.MILLISECONDS);
				for (int i = 1; i <= runs; i++) {
					String name = "b" + i;
					long put = System.nanoTime();
					EmbeddedEtcd.Registration registration = etcd.register("greeter/" + name,
							backends.get(i).address(), ttl);
					awaitUntil(() -> first.containsKey(name), Duration.ofSeconds(10));
					firstCalls.add((first.get(name) - put) / 1_000_000);
					registration.stopKeepAlive();
					long expired = awaitUntil(() -> !registration.exists(), ttl.plusSeconds(10));
					// Calls still in flight when the key went away may answer a little later.
					awaitUntil(() -> System.nanoTime() - expired > TimeUnit.SECONDS.toNanos(2), Duration.ofSeconds(5));
					lastCalls.add((last.get(name) - expired) / 1_000_000);
				}
			}
		}
		finally {
			caller.shutdownNow();
			backends.forEach(GreeterBackend::close);
		}
		Stats put = Stats.of(firstCalls);
		Stats expiry = Stats.of(lastCalls);
		System.out.println();
		System.out.println("| runs | put to first call, ms: min / median / p90 / max | key expired to last call, ms: min / median / p90 / max |");
		System.out.println("|---|---|---|");
		System.out.println("| " + runs + " | " + put.min() + " / " + put.median() + " / " + put.p90() + " / " + put.max()
				+ " | " + expiry.min() + " / " + expiry.median() + " / " + expiry.p90() + " / " + expiry.max() + " |");
	}

	/**
	 * Checks the condition every 10 ms until it holds, and returns when it first held.
	 */
	private static long awaitUntil(Condition condition, Duration timeout) throws Exception {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.holds()) {
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Not within " + timeout);
			}
			Thread.sleep(10);
		}
		return System.nanoTime();
	}

	@FunctionalInterface
	private interface Condition {

		boolean holds() throws Exception;

	}

}
