package dev.dialtone.health;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.health.GrpcChannelsHealthContributorAutoConfiguration;
import dev.dialtone.test.GreeterBackend;

import static dev.dialtone.test.GreeterCalls.call;
import static dev.dialtone.test.GreeterCalls.tryCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The grpcChannels health contributor against real channels and backends on loopback.
 */
class GrpcChannelsHealthTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(GrpcClientAutoConfiguration.class, GrpcChannelsHealthContributorAutoConfiguration.class));

	@AfterEach
	void close() throws Exception {
		for (AutoCloseable resource : this.resources) {
			resource.close();
		}
	}

	private GreeterBackend backend(String name) {
		GreeterBackend backend = GreeterBackend.start(name);
		this.resources.add(backend);
		return backend;
	}

	private static Health health(AssertableApplicationContext context, String channel) {
		HealthIndicator indicator = (HealthIndicator) context.getBean(GrpcChannelsHealthContributor.class)
			.getContributor(channel);
		return indicator.health();
	}

	@Test
	void channelIsUpDownWhenItsOnlyBackendDiesAndUpAgainWhenItReturns() {
		GreeterBackend backend = backend("a");
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://" + backend.address())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				call(channels.channel("greeter"), Duration.ofSeconds(2));
				Health up = health(context, "greeter");
				assertThat(up.getStatus()).isEqualTo(Status.UP);
				assertThat(up.getDetails()).containsEntry("state", "READY")
					.containsEntry("target", "static://" + backend.address())
					.containsEntry("resolvedBackends", 1)
					.containsEntry("readyBackends", 1);

				backend.kill();
				await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
					tryCall(channels.channel("greeter"));
					assertThat(health(context, "greeter").getStatus()).isEqualTo(Status.DOWN);
				});
				Health down = health(context, "greeter");
				assertThat(down.getDetails()).containsEntry("state", "TRANSIENT_FAILURE")
					.containsEntry("readyBackends", 0)
					.containsKey("lastError");
				assertThat((String) down.getDetails().get("lastError")).startsWith(backend.address() + ": UNAVAILABLE");

				this.resources.add(backend.restart());
				await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
					tryCall(channels.channel("greeter"));
					assertThat(health(context, "greeter").getStatus()).isEqualTo(Status.UP);
				});
				assertThat(health(context, "greeter").getDetails()).containsEntry("state", "READY")
					.doesNotContainKey("lastError");
			});
	}

	@Test
	void channelWhoseOnlyBackendIsNotServingIsDownAndSaysWhy() {
		GreeterBackend backend = backend("a");
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=static://" + backend.address(),
					"grpc.client.channels.greeter.health-check.service-name=" + GreeterBackend.SERVICE)
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				call(channels.channel("greeter"), Duration.ofSeconds(2));
				assertThat(health(context, "greeter").getStatus()).isEqualTo(Status.UP);
				backend.setServing(false);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(health(context, "greeter").getStatus()).isEqualTo(Status.DOWN));
				// Connected, but not serving: it is resolved and not ready, and the check says why.
				assertThat(health(context, "greeter").getDetails()).containsEntry("resolvedBackends", 1)
					.containsEntry("readyBackends", 0)
					.hasEntrySatisfying("lastError", (error) -> assertThat((String) error)
						.startsWith(backend.address() + ": ")
						.contains("NOT_SERVING"));
				backend.setServing(true);
				await().atMost(Duration.ofSeconds(10))
					.untilAsserted(() -> assertThat(health(context, "greeter").getDetails())
						.containsEntry("state", "READY")
						.containsEntry("readyBackends", 1));
			});
	}

	@Test
	void idleChannelIsUpAndAskingDoesNotConnect() {
		GreeterBackend backend = backend("a");
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://" + backend.address())
			.run((context) -> {
				for (int i = 0; i < 200; i++) {
					Health health = health(context, "greeter");
					assertThat(health.getStatus()).isEqualTo(Status.UP);
					assertThat(health.getDetails()).containsEntry("state", "IDLE");
				}
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.channel("greeter").getState(false)).isEqualTo(ConnectivityState.IDLE);
				// A channel that had connected would have resolved its target first.
				assertThat(channels.activity("greeter").lastResolvedAt()).isNull();
			});
	}

	@Test
	void channelThatIsConnectingIsUnknown() throws IOException {
		// Accepts TCP connections and never answers the HTTP/2 handshake, so the channel stays
		// CONNECTING.
		ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
		this.resources.add(silent);
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:" + silent.getLocalPort())
			.run((context) -> {
				ManagedChannel channel = context.getBean(GrpcChannels.class).channel("greeter");
				// The test, not the indicator, makes the channel connect.
				channel.getState(true);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> channel.getState(false) == ConnectivityState.CONNECTING);
				Health health = health(context, "greeter");
				assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(health.getDetails()).containsEntry("state", "CONNECTING");
			});
	}

	@Test
	void channelWithoutBackendIsDownAndShutDownChannelIsOutOfService() {
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.other.target=static://127.0.0.1:" + freePort())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				channels.channel("greeter").getState(true);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> channels.channel("greeter").getState(false) == ConnectivityState.TRANSIENT_FAILURE);
				assertThat(health(context, "greeter").getStatus()).isEqualTo(Status.DOWN);
				assertThat(health(context, "greeter").getDetails()).containsKey("lastError");
				channels.channel("other").shutdownNow();
				assertThat(health(context, "other").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				assertThat(health(context, "other").getDetails()).containsEntry("state", "SHUTDOWN");
			});
	}

	@Test
	void nonCriticalChannelThatFailsIsUnknownAndDisabledChannelIsLeftOut() {
		this.runner
			.withPropertyValues("grpc.client.defaults.health.indicator.critical=false",
					"grpc.client.channels.greeter.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.critical.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.critical.health.indicator.critical=true",
					"grpc.client.channels.hidden.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.hidden.health.indicator.enabled=false")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				for (String name : List.of("greeter", "critical")) {
					channels.channel(name).getState(true);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> channels.channel(name).getState(false) == ConnectivityState.TRANSIENT_FAILURE);
				}
				assertThat(health(context, "greeter").getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(health(context, "greeter").getDetails()).containsEntry("state", "TRANSIENT_FAILURE")
					.containsEntry("critical", false);
				assertThat(health(context, "critical").getStatus()).isEqualTo(Status.DOWN);
				assertThat(context.getBean(GrpcChannelsHealthContributor.class).getContributor("hidden")).isNull();
			});
	}

	@Test
	void withoutDetailsAChannelGivesItsStatusAloneAndDoesNotConnect() {
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:" + freePort())
			.run((context) -> {
				HealthIndicator indicator = (HealthIndicator) context.getBean(GrpcChannelsHealthContributor.class)
					.getContributor("greeter");
				Health health = indicator.health(false);
				assertThat(health.getStatus()).isEqualTo(Status.UP);
				assertThat(health.getDetails()).isEmpty();
				assertThat(indicator.health(true).getDetails()).containsEntry("state", "IDLE");
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.channel("greeter").getState(false)).isEqualTo(ConnectivityState.IDLE);
				assertThat(channels.activity("greeter").lastResolvedAt()).isNull();
			});
	}

	@Test
	void summaryCountsChannelsByStateWithTheStatusTheyHaveOneByOne() {
		this.runner
			.withPropertyValues("grpc.client.defaults.health.indicator.critical=false",
					"grpc.client.channels.idle1.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.idle2.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.failing.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.closed.target=static://127.0.0.1:" + freePort())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				channels.channel("failing").getState(true);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> channels.channel("failing").getState(false) == ConnectivityState.TRANSIENT_FAILURE);
				channels.channel("closed").shutdownNow();
				GrpcChannelsHealthContributor summarised = new GrpcChannelsHealthContributor(channels, () -> false);
				Map<String, Health> entries = new LinkedHashMap<>();
				summarised.stream()
					.forEach((entry) -> entries.put(entry.name(), ((HealthIndicator) entry.contributor()).health()));
				assertThat(entries).containsOnlyKeys("IDLE", "TRANSIENT_FAILURE", "SHUTDOWN");
				assertThat(entries.get("IDLE").getStatus()).isEqualTo(Status.UP);
				assertThat(entries.get("IDLE").getDetails()).containsEntry("channels", 2);
				// Not critical, as the failing channel is on its own.
				assertThat(entries.get("TRANSIENT_FAILURE").getStatus()).isEqualTo(Status.UNKNOWN);
				assertThat(entries.get("SHUTDOWN").getStatus()).isEqualTo(Status.OUT_OF_SERVICE);
				// Each channel and each summarised state stays reachable by name.
				assertThat(((HealthIndicator) summarised.getContributor("failing")).health().getDetails())
					.containsEntry("state", "TRANSIENT_FAILURE");
				assertThat(((HealthIndicator) summarised.getContributor("IDLE")).health().getDetails())
					.containsEntry("channels", 2);
				GrpcChannelsHealthContributor listed = new GrpcChannelsHealthContributor(channels, () -> true);
				assertThat(listed.stream().map(GrpcChannelsHealthContributor.Entry::name))
					.containsExactly("idle1", "idle2", "failing", "closed");
				assertThat(listed.getContributor("IDLE")).isNull();
			});
	}

	@Test
	void summaryOfFailingChannelsIsDownWhenOneOfThemIsCritical() {
		this.runner
			.withPropertyValues("grpc.client.channels.lenient.target=static://127.0.0.1:" + freePort(),
					"grpc.client.channels.lenient.health.indicator.critical=false",
					"grpc.client.channels.critical.target=static://127.0.0.1:" + freePort())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				for (String name : List.of("lenient", "critical")) {
					channels.channel(name).getState(true);
					await().atMost(Duration.ofSeconds(10))
						.until(() -> channels.channel(name).getState(false) == ConnectivityState.TRANSIENT_FAILURE);
				}
				HealthIndicator failing = (HealthIndicator) new GrpcChannelsHealthContributor(channels, () -> false)
					.getContributor("TRANSIENT_FAILURE");
				assertThat(failing.health().getStatus()).isEqualTo(Status.DOWN);
				assertThat(failing.health().getDetails()).containsEntry("channels", 2);
				assertThat(failing.health(false).getDetails()).isEmpty();
			});
	}

	@Test
	void contributorCanBeTurnedOff() {
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:1",
					"management.health.grpcchannels.enabled=false")
			.run((context) -> assertThat(context).hasSingleBean(GrpcChannels.class)
				.doesNotHaveBean(GrpcChannelsHealthContributor.class));
	}

	@Test
	void noContributorWithoutChannels() {
		this.runner.withPropertyValues("grpc.client.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(GrpcChannelsHealthContributor.class));
	}

	/**
	 * A loopback port nothing listens on: connections to it are refused at once.
	 */
	private static int freePort() {
		try (ServerSocket socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
