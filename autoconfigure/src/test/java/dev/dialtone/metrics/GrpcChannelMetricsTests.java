package dev.dialtone.metrics;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpc.ConnectivityState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.metrics.GrpcChannelMetricsAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.TestDnsServer;

import static dev.dialtone.test.GreeterCalls.tryCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channel meters against real channels and backends on loopback, bound by Spring Boot's metrics
 * support to the application's registry.
 */
class GrpcChannelMetricsTests {

	private final List<AutoCloseable> resources = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class, MetricsAutoConfiguration.class,
				GrpcChannelMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class);

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

	private static double gauge(MeterRegistry registry, String name, Tags tags) {
		return registry.get(name).tags(tags).gauge().value();
	}

	private static double counter(MeterRegistry registry, String name) {
		return registry.get(name).tag("channel", "greeter").functionCounter().count();
	}

	private static ConnectivityState stateOf(MeterRegistry registry, Tags tags) {
		ConnectivityState current = null;
		for (ConnectivityState state : ConnectivityState.values()) {
			if (gauge(registry, "grpc.client.channel.state", tags.and("state", state.name())) == 1) {
				assertThat(current).as("only one state gauge is 1").isNull();
				current = state;
			}
		}
		return current;
	}

	@Test
	void metersCarryChannelAndTargetAndFollowBackendsAsTheyDie() {
		GreeterBackend a = backend("a");
		GreeterBackend b = backend("b");
		String target = "static://" + a.address() + "," + b.address();
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=" + target).run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			Tags tags = Tags.of("channel", "greeter", "target", target);
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				tryCall(channels.channel("greeter"));
				assertThat(gauge(registry, "grpc.client.channel.backends.ready", tags)).isEqualTo(2);
			});
			assertThat(stateOf(registry, tags)).isEqualTo(ConnectivityState.READY);
			assertThat(gauge(registry, "grpc.client.channel.backends.resolved", tags)).isEqualTo(2);
			assertThat(counter(registry, "grpc.client.channel.resolutions")).isEqualTo(1);
			assertThat(counter(registry, "grpc.client.channel.resolution.failures")).isZero();
			assertThat(counter(registry, "grpc.client.channel.address.changes")).isZero();

			b.kill();
			await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
				tryCall(channels.channel("greeter"));
				assertThat(gauge(registry, "grpc.client.channel.backends.ready", tags)).isEqualTo(1);
			});
			assertThat(stateOf(registry, tags)).isEqualTo(ConnectivityState.READY);

			a.kill();
			await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
				tryCall(channels.channel("greeter"));
				assertThat(stateOf(registry, tags)).isEqualTo(ConnectivityState.TRANSIENT_FAILURE);
			});
			assertThat(gauge(registry, "grpc.client.channel.backends.ready", tags)).isZero();
			assertThat(gauge(registry, "grpc.client.channel.backends.resolved", tags)).isEqualTo(2);
		});
	}

	@Test
	void readingTheMetersOfAnIdleChannelDoesNotConnectIt() {
		GreeterBackend backend = backend("a");
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://" + backend.address())
			.run((context) -> {
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				Tags tags = Tags.of("channel", "greeter");
				for (int i = 0; i < 200; i++) {
					assertThat(stateOf(registry, tags)).isEqualTo(ConnectivityState.IDLE);
					assertThat(gauge(registry, "grpc.client.channel.backends.ready", tags)).isZero();
				}
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.channel("greeter").getState(false)).isEqualTo(ConnectivityState.IDLE);
				// A channel that had connected would have resolved its target first.
				assertThat(channels.activity("greeter").lastResolvedAt()).isNull();
			});
	}

	@Test
	void countersFollowTheNameResolver() {
		GreeterBackend backend = backend("a");
		// A second host on the same port, so that both addresses connect: no failed connection makes
		// the channel ask for a fresh answer, and only the periodic lookups can raise the count.
		GreeterBackend second = GreeterBackend.start("b", new InetSocketAddress("127.0.0.2", backend.port()));
		this.resources.add(second);
		try (TestDnsServer dns = new TestDnsServer()) {
			dns.setA("greeter.test", 60, "127.0.0.1");
			this.runner
				.withPropertyValues("grpc.client.channels.greeter.target=dns:///greeter.test:" + backend.port(),
						"grpc.client.dns.servers=" + dns.address(),
						"grpc.client.channels.greeter.resolution.refresh-interval=1s")
				.run((context) -> {
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					GrpcChannels channels = context.getBean(GrpcChannels.class);
					assertThat(counter(registry, "grpc.client.channel.resolutions")).isZero();
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						tryCall(channels.channel("greeter"));
						assertThat(counter(registry, "grpc.client.channel.resolutions")).isEqualTo(1);
					});
					assertThat(counter(registry, "grpc.client.channel.address.changes")).isZero();

					dns.setA("greeter.test", 60, "127.0.0.1", "127.0.0.2");
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(counter(registry, "grpc.client.channel.address.changes"))
							.isEqualTo(1));
					double afterChange = counter(registry, "grpc.client.channel.resolutions");
					assertThat(afterChange).isGreaterThanOrEqualTo(2);
					// The name is looked up again every second: each lookup counts, changed or not.
					await().atMost(Duration.ofSeconds(10))
						.untilAsserted(() -> assertThat(counter(registry, "grpc.client.channel.resolutions"))
							.isGreaterThanOrEqualTo(afterChange + 2));
					assertThat(counter(registry, "grpc.client.channel.address.changes")).isEqualTo(1);
					assertThat(counter(registry, "grpc.client.channel.resolution.failures")).isZero();
					assertThat(gauge(registry, "grpc.client.channel.backends.resolved", Tags.of("channel", "greeter")))
						.isEqualTo(2);
				});
		}
	}

	@Test
	void noMetersWithoutAMeterRegistry() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
					GrpcChannelMetricsAutoConfiguration.class))
			.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:1")
			.run((context) -> assertThat(context).hasSingleBean(GrpcChannels.class)
				.doesNotHaveBean(GrpcChannelMetrics.class));
	}

}
