package dev.dialtone.internal.resolver.etcd;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.grpc.Channel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dialtone.GrpcChannelActivity;
import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.etcd.GrpcClientEtcdAutoConfiguration;
import dev.dialtone.test.EmbeddedEtcd;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.SteadyCalls;

import static dev.dialtone.test.GreeterCalls.callWhenReady;
import static dev.dialtone.test.GreeterCalls.tryCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code etcd:///greeter} targets against a real etcd server on loopback (skipped without the
 * {@code etcd} binary) and real greeter backends: servers register as they do in production, with
 * a key under {@code greeter/} and a lease they keep alive, and the channel follows the keys through
 * one read and then a watch. The refresh interval is an hour, so that only the watch (or a read
 * after a failed watch) can bring a change.
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdTargetTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private static final Duration TTL = Duration.ofSeconds(2);

	private final List<GreeterBackend> backends = new ArrayList<>();

	private EmbeddedEtcd etcd;

	private ApplicationContextRunner runner;

	@BeforeEach
	void startEtcd() {
		this.etcd = EmbeddedEtcd.start();
		this.runner = new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(GrpcClientAutoConfiguration.class, GrpcClientEtcdAutoConfiguration.class))
			.withPropertyValues("grpc.client.etcd.endpoints=" + this.etcd.endpoint(),
					"grpc.client.channels.greeter.target=etcd:///greeter", "grpc.client.resolution.refresh-interval=1h");
	}

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
		if (this.etcd != null) {
			this.etcd.close();
		}
	}

	private GreeterBackend backend(String name) {
		GreeterBackend backend = GreeterBackend.start(name);
		this.backends.add(backend);
		return backend;
	}

	private EmbeddedEtcd.Registration register(GreeterBackend backend, Duration ttl) {
		return this.etcd.register("greeter/" + backend.address(), backend.address(), ttl);
	}

	private static Channel channel(AssertableApplicationContext context) {
		return context.getBean(GrpcChannels.class).channel("greeter");
	}

	private static GrpcChannelActivity activity(AssertableApplicationContext context) {
		return context.getBean(GrpcChannels.class).activity("greeter");
	}

	private static Set<String> backendsOf(AssertableApplicationContext context, int calls) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < calls; i++) {
			seen.add(callWhenReady(channel(context)).getBackend());
		}
		return seen;
	}

	@Test
	void aServerRegisteredWithALeaseGetsCallsWithinASecondWhateverTheMinimumInterval() {
		GreeterBackend first = backend("first");
		GreeterBackend second = backend("second");
		register(first, TTL);
		// A pushed change is no lookup to space out: it must not wait for min-interval.
		this.runner.withPropertyValues("grpc.client.resolution.min-interval=5s").run((context) -> {
			assertThat(backendsOf(context, 10)).containsOnly("first");
			// A second key of the same server: a change the channel has just looked up.
			this.etcd.put("greeter/first-again", first.address());
			await().atMost(WAIT).until(() -> activity(context).resolutions() >= 2);
			register(second, TTL);
			long registered = System.nanoTime();
			await().atMost(Duration.ofSeconds(1)).pollInterval(Duration.ofMillis(10)).until(() -> {
				tryCall(channel(context));
				return second.calls() > 0;
			});
			assertThat(Duration.ofNanos(System.nanoTime() - registered)).isLessThan(Duration.ofSeconds(1));
			assertThat(backendsOf(context, 20)).containsOnly("first", "second");
		});
	}

	@Test
	void aServerWhoseLeaseIsNoLongerKeptAliveGetsNoCallAfterItsTimeToLive() {
		GreeterBackend staying = backend("staying");
		GreeterBackend hung = backend("hung");
		register(staying, TTL);
		EmbeddedEtcd.Registration hungRegistration = register(hung, TTL);
		this.runner.run((context) -> {
			await().atMost(WAIT).until(() -> backendsOf(context, 10), (seen) -> seen.size() == 2);
			// The server still serves, but its registrar stopped: only etcd can take it out.
			hungRegistration.stopKeepAlive();
			long stopped = System.nanoTime();
			await().atMost(TTL.plus(Duration.ofSeconds(5)))
				.until(() -> !activity(context).resolvedAddresses().contains(hung.address()));
			// jetcd refreshes a lease every third of its TTL, so the last refresh may have been up to
			// that long before the registrar stopped (more on a busy machine): half the TTL still
			// tells the lease's expiry from a removal that did not wait for it.
			assertThat(Duration.ofNanos(System.nanoTime() - stopped)).isGreaterThanOrEqualTo(TTL.dividedBy(2));
			int callsOfHung = hung.calls();
			assertThat(backendsOf(context, 30)).containsOnly("staying");
			assertThat(hung.calls()).isEqualTo(callsOfHung);
		});
	}

	@Test
	void aCrashedServerLeavesWhenItsLeaseExpiresWhileCallsAt50PerSecondWithRetryAllSucceed() {
		GreeterBackend staying = backend("staying");
		GreeterBackend crashing = backend("crashing");
		register(staying, TTL);
		EmbeddedEtcd.Registration crashingRegistration = register(crashing, TTL);
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.retry.enabled=true",
					"grpc.client.channels.greeter.retry.max-attempts=5")
			.run((context) -> {
				await().atMost(WAIT).until(() -> backendsOf(context, 10), (seen) -> seen.size() == 2);
				Runnable crash = () -> {
					crashingRegistration.stopKeepAlive();
					crashing.kill();
				};
				int failures = SteadyCalls.failures(channel(context), 250, Duration.ofMillis(20), Duration.ofMillis(5),
						Map.of(Duration.ofSeconds(1), () -> CompletableFuture.runAsync(crash)));
				assertThat(failures).isZero();
				await().atMost(TTL.plus(Duration.ofSeconds(5)))
					.until(() -> activity(context).resolvedAddresses(), (addresses) -> addresses.equals(
							List.of(staying.address())));
				assertThat(crashingRegistration.exists()).isFalse();
			});
	}

	@Test
	void aKeyWrittenInTheGoEndpointFormatIsFound() {
		GreeterBackend plain = backend("plain");
		GreeterBackend go = backend("go");
		GreeterBackend withMetadata = backend("go-with-metadata");
		this.etcd.put("greeter/plain", plain.address());
		this.etcd.put("greeter/" + go.address(), "{\"Op\":0,\"Addr\":\"" + go.address() + "\",\"Metadata\":null}");
		this.etcd.put("greeter/with-metadata", "{\"Op\":0,\"Addr\":\"" + withMetadata.address()
				+ "\",\"Metadata\":{\"zone\":\"b\",\"weight\":[1,2]}}");
		this.runner.run((context) -> await().atMost(WAIT)
			.until(() -> backendsOf(context, 30), (seen) -> seen.equals(Set.of("plain", "go", "go-with-metadata"))));
	}

	@Test
	void theKeyPrefixComesBeforeTheServiceAndOnlyKeysUnderServiceSlashCount() {
		GreeterBackend inPrefix = backend("in-prefix");
		GreeterBackend outside = backend("outside");
		this.etcd.put("/services/greeter/a", inPrefix.address());
		this.etcd.put("greeter/b", outside.address());
		this.etcd.put("/services/greeter-canary/c", outside.address());
		this.runner.withPropertyValues("grpc.client.etcd.key-prefix=/services").run((context) -> {
			assertThat(backendsOf(context, 20)).containsOnly("in-prefix");
			assertThat(outside.calls()).isZero();
		});
	}

	@Test
	void anUnreadableValueIsSkippedWithOneWarningAndTheOtherKeysServe(CapturedOutput output) {
		GreeterBackend good = backend("good");
		GreeterBackend later = backend("later");
		this.etcd.put("greeter/good", good.address());
		this.etcd.put("greeter/bad", "not an address");
		this.etcd.put("greeter/bad-json", "{\"Addr\":");
		// A short refresh interval: full reads see the bad keys again, and must not warn again.
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.resolution.refresh-interval=200ms",
					"grpc.client.resolution.min-interval=100ms")
			.run((context) -> {
				assertThat(backendsOf(context, 10)).containsOnly("good");
				this.etcd.put("greeter/later", later.address());
				await().atMost(WAIT).until(() -> backendsOf(context, 10).contains("later"));
				// Full reads at later revisions (any write moves etcd's revision on) read the bad keys again.
				for (int i = 0; i < 3; i++) {
					this.etcd.put("unrelated", "revision " + i);
					long lookups = activity(context).resolutions();
					await().atMost(WAIT).until(() -> activity(context).resolutions() > lookups + 1);
				}
				assertThat(output.getAll().split("Skipping the etcd key greeter/bad:", -1)).hasSize(2);
				assertThat(output.getAll().split("Skipping the etcd key greeter/bad-json:", -1)).hasSize(2);
				assertThat(output).contains("'not an address'");
				assertThat(activity(context).lastResolutionError()).isNull();
			});
	}

	@Test
	void etcdStoppedForTenSecondsFailsNoCallAndAServerRegisteredDuringTheOutageGetsCallsWhenItReturns() {
		GreeterBackend first = backend("first");
		// A lease that outlives the outage: etcd renews leases when it elects itself leader again.
		register(first, Duration.ofSeconds(60));
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.retry.enabled=true",
					"grpc.client.channels.greeter.retry.max-attempts=5")
			.run((context) -> {
				assertThat(backendsOf(context, 5)).containsOnly("first");
				GreeterBackend duringOutage = backend("during-outage");
				CompletableFuture<String> stopped = new CompletableFuture<>();
				CompletableFuture<Void> restarted = new CompletableFuture<>();
				// Threads of their own: the stop waits for the channel to notice, the restart must not wait for it.
				ExecutorService outageThreads = Executors.newFixedThreadPool(2);
				Runnable stop = () -> {
					try {
						this.etcd.stop();
						// While etcd is away, the channel says so and keeps its backend.
						stopped.complete(await().atMost(WAIT)
							.until(() -> activity(context).lastResolutionError(),
									(error) -> error != null && error.contains("unreachable")));
					}
					catch (Throwable ex) {
						stopped.completeExceptionally(ex);
					}
				};
				Runnable restart = () -> {
					try {
						this.etcd.restart();
						// The server kept trying to register, and gets through once etcd is back.
						register(duringOutage, Duration.ofSeconds(60));
						restarted.complete(null);
					}
					catch (Throwable ex) {
						restarted.completeExceptionally(ex);
					}
				};
				long failuresBefore = activity(context).resolutionFailures();
				int failures = SteadyCalls.failures(channel(context), 900, Duration.ofMillis(20), Duration.ofMillis(5),
						Map.of(Duration.ofSeconds(1), () -> outageThreads.execute(stop), Duration.ofSeconds(11),
								() -> outageThreads.execute(restart)));
				outageThreads.shutdown();
				assertThat(stopped.get()).contains(this.etcd.endpoint());
				restarted.get();
				assertThat(failures).isZero();
				assertThat(activity(context).resolutionFailures()).isGreaterThan(failuresBefore);
				await().atMost(WAIT).until(() -> backendsOf(context, 10).contains("during-outage"));
				await().atMost(WAIT).until(() -> activity(context).lastResolutionError() == null);
			});
	}

	@Test
	void aWatchFromACompactedRevisionReadsTheKeysAgain() {
		GreeterBackend first = backend("first");
		GreeterBackend second = backend("second");
		this.etcd.put("greeter/first", first.address());
		this.runner.run((context) -> {
			assertThat(backendsOf(context, 5)).containsOnly("first");
			EtcdTargetWatch watch = context.getBean(EtcdResolution.class).target("greeter/");
			long known = watch.stopWatching().get();
			// Written while nobody watches, then compacted away: only a read can find it.
			this.etcd.put("greeter/second", second.address());
			this.etcd.put("unrelated", "to move the revision on");
			this.etcd.compact();
			watch.restartWatchFrom(known + 1).get();
			await().atMost(WAIT).until(() -> backendsOf(context, 10).contains("second"));
		});
	}

	@Test
	void channelsWithOneTargetShareOneWatch() {
		GreeterBackend backend = backend("only");
		this.etcd.put("greeter/only", backend.address());
		this.etcd.put("other/only", backend.address());
		this.runner
			.withPropertyValues("grpc.client.channels.again.target=etcd:///greeter",
					"grpc.client.channels.other.target=etcd:///other")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				for (String name : List.of("greeter", "again", "other")) {
					assertThat(callWhenReady(channels.channel(name)).getBackend()).isEqualTo("only");
				}
				// etcd's own count of the watches on it.
				assertThat(this.etcd.watchers()).isEqualTo(2);
			});
	}

}
