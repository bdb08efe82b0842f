package dev.dialtone.calls;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.proto.GreeterGrpc;

import static dev.dialtone.test.GreeterCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Hedging and the retry budget against real backends on loopback, and durations that reach
 * grpc-java exactly as written (attempt times seen by the backends).
 */
class HedgingAndThrottlingTests {

	private static final String CHANNEL = "grpc.client.channels.greeter.";

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
	}

	private String startBackends(int count) {
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			GreeterBackend backend = GreeterBackend.start("b" + i);
			this.backends.add(backend);
			addresses.add(backend.address());
		}
		return CHANNEL + "target=static://" + String.join(",", addresses);
	}

	private Channel awaitReady(GrpcChannels channels) {
		Channel channel = channels.channel("greeter");
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).sayHello(hello());
			return channels.activity("greeter").readyBackends() == this.backends.size();
		});
		return channel;
	}

	/** The time each of 15 calls took, one after the other, while one of three backends is slow. */
	private List<Duration> latenciesWithASlowBackend(String... settings) {
		List<Duration> latencies = new ArrayList<>();
		this.runner.withPropertyValues(startBackends(3)).withPropertyValues(settings).run((context) -> {
			Channel channel = awaitReady(context.getBean(GrpcChannels.class));
			this.backends.get(0).greeter().setDelay(Duration.ofSeconds(1));
			GreeterGrpc.GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channel);
			for (int i = 0; i < 15; i++) {
				long start = System.nanoTime();
				greeter.withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(hello());
				latencies.add(Duration.ofNanos(System.nanoTime() - start));
			}
		});
		return latencies;
	}

	@Test
	void hedgingCutsTheTailOfASlowBackend() {
		List<Duration> hedged = latenciesWithASlowBackend(CHANNEL + "hedging.enabled=true",
				CHANNEL + "hedging.delay=50ms", CHANNEL + "hedging.max-attempts=3");
		assertThat(hedged).allSatisfy((latency) -> assertThat(latency).isLessThan(Duration.ofMillis(700)));
	}

	@Test
	void withoutHedgingAThirdOfTheCallsWaitForTheSlowBackend() {
		List<Duration> plain = latenciesWithASlowBackend();
		assertThat(plain.stream().filter((latency) -> latency.compareTo(Duration.ofSeconds(1)) >= 0).count())
			.isGreaterThanOrEqualTo(4);
	}

	/** Attempts the always-failing backend saw for 200 calls, each allowed 5 attempts. */
	private int attemptsOfARetryStorm(String... settings) {
		int[] attempts = new int[1];
		this.runner
			.withPropertyValues(startBackends(1), CHANNEL + "retry.enabled=true", CHANNEL + "retry.max-attempts=5",
					CHANNEL + "retry.initial-backoff=1ms", CHANNEL + "retry.max-backoff=5ms")
			.withPropertyValues(settings)
			.run((context) -> {
				Channel channel = awaitReady(context.getBean(GrpcChannels.class));
				GreeterBackend backend = this.backends.get(0);
				backend.greeter().failWith(Status.UNAVAILABLE.withDescription("always"));
				int before = backend.calls();
				for (int i = 0; i < 200; i++) {
					try {
						GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(hello());
					}
					catch (StatusRuntimeException ex) {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE);
					}
				}
				attempts[0] = backend.calls() - before;
			});
		return attempts[0];
	}

	@Test
	void throttlingBoundsARetryStorm() {
		assertThat(attemptsOfARetryStorm(CHANNEL + "retry-throttling.max-tokens=10",
				CHANNEL + "retry-throttling.token-ratio=0.1"))
			.isLessThan(260);
	}

	@Test
	void withoutThrottlingEveryCallMakesAllItsAttempts() {
		assertThat(attemptsOfARetryStorm()).isEqualTo(1000);
	}

	@Test
	void aFiftyMillisecondHedgingDelayIsFiftyMilliseconds() {
		this.runner
			.withPropertyValues(startBackends(2), CHANNEL + "hedging.enabled=true", CHANNEL + "hedging.delay=50ms",
					CHANNEL + "hedging.max-attempts=2")
			.run((context) -> {
				Channel channel = awaitReady(context.getBean(GrpcChannels.class));
				this.backends.forEach((backend) -> backend.greeter().setDelay(Duration.ofMillis(400)));
				int before = this.backends.get(0).greeter().arrivals().size()
						+ this.backends.get(1).greeter().arrivals().size();
				GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(hello());
				List<Long> arrivals = new ArrayList<>();
				this.backends.forEach((backend) -> arrivals.addAll(backend.greeter().arrivals()));
				arrivals.sort(null);
				List<Long> attempts = arrivals.subList(before, arrivals.size());
				assertThat(attempts).hasSize(2);
				Duration gap = Duration.ofNanos(attempts.get(1) - attempts.get(0));
				// 0.5s, ten times too long, is what a delay written without zero padding would give; a
				// timer may fire late on a busy machine, never early, so anything below that passes.
				assertThat(gap).isBetween(Duration.ofMillis(40), Duration.ofMillis(450));
			});
	}

	@Test
	void aTenMillisecondBackoffIsTenMilliseconds() {
		this.runner
			.withPropertyValues(startBackends(1), CHANNEL + "retry.enabled=true", CHANNEL + "retry.max-attempts=5",
					CHANNEL + "retry.initial-backoff=10ms", CHANNEL + "retry.max-backoff=10ms",
					CHANNEL + "retry.backoff-multiplier=1")
			.run((context) -> {
				Channel channel = awaitReady(context.getBean(GrpcChannels.class));
				GreeterBackend backend = this.backends.get(0);
				backend.greeter().failWith(Status.UNAVAILABLE);
				List<Long> gaps = new ArrayList<>();
				for (int i = 0; i < 10; i++) {
					int before = backend.greeter().arrivals().size();
					try {
						GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(hello());
					}
					catch (StatusRuntimeException ex) {
						// Expected: every attempt fails.
					}
					List<Long> arrivals = backend.greeter().arrivals();
					List<Long> call = arrivals.subList(before, arrivals.size());
					assertThat(call).hasSize(5);
					for (int j = 1; j < call.size(); j++) {
						gaps.add(call.get(j) - call.get(j - 1));
					}
				}
				gaps.sort(null);
				// grpc-java waits a random time up to the backoff: with 10ms the median gap is near
				// 5ms; with a backoff ten times too long it would be near 50ms.
				assertThat(Duration.ofNanos(gaps.get(gaps.size() / 2))).isLessThan(Duration.ofMillis(25));
			});
	}

}
