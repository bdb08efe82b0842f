package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dialtone.GrpcChannelCustomizer;
import dev.dialtone.GrpcChannelStateChangedEvent;
import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;

import static dev.dialtone.test.GreeterCalls.call;
import static dev.dialtone.test.GreeterCalls.tryCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A channel's grpc-java channel is built on first use, not at startup: what counts as use, what
 * does not, and that an unbuilt channel behaves as an idle one would. A customizer bean counts the
 * builds (customizers run on every builder, right before it is built).
 */
class LazyChannelTests {

	private static final Map<String, AtomicInteger> builds = new ConcurrentHashMap<>();

	private static final List<GrpcChannelStateChangedEvent> events = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withUserConfiguration(Counting.class);

	private GreeterBackend backend;

	@Configuration(proxyBeanMethods = false)
	static class Counting {

		@Bean
		GrpcChannelCustomizer countBuilds() {
			return (name, builder) -> builds.computeIfAbsent(name, (key) -> new AtomicInteger()).incrementAndGet();
		}

		@Bean
		ApplicationListener<GrpcChannelStateChangedEvent> channelStates() {
			return events::add;
		}

	}

	@AfterEach
	void close() {
		builds.clear();
		events.clear();
		if (this.backend != null) {
			this.backend.close();
		}
	}

	private static int builds(String name) {
		AtomicInteger count = builds.get(name);
		return (count != null) ? count.get() : 0;
	}

	@Test
	void channelIsBuiltOnItsFirstCallOnlyAndStatesAreToldFromThen() {
		this.backend = GreeterBackend.start("a");
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=static://" + this.backend.address(),
					"grpc.client.channels.other.target=static://" + this.backend.address())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				ManagedChannel greeter = channels.channel("greeter");
				// Looking at a channel is not using it.
				assertThat(greeter.getState(false)).isEqualTo(ConnectivityState.IDLE);
				assertThat(greeter.isShutdown()).isFalse();
				assertThat(greeter.isTerminated()).isFalse();
				assertThat(builds("greeter")).isZero();
				assertThat(builds("other")).isZero();

				call(greeter);
				assertThat(builds("greeter")).isEqualTo(1);
				assertThat(builds("other")).isZero();
				call(greeter);
				assertThat(builds("greeter")).isEqualTo(1);
				assertThat(greeter.getState(false)).isEqualTo(ConnectivityState.READY);
				await().atMost(Duration.ofSeconds(20))
					.untilAsserted(() -> assertThat(events).anyMatch((event) -> event.channel().equals("greeter")
							&& event.to() == ConnectivityState.READY && event.getSource() == greeter));
			});
	}

	@Test
	void askingToConnectBuildsTheChannel() {
		this.backend = GreeterBackend.start("a");
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://" + this.backend.address())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.awaitReady("greeter", Duration.ofSeconds(20))).isEqualTo(ConnectivityState.READY);
				assertThat(builds("greeter")).isEqualTo(1);
			});
	}

	@Test
	void channelWithImmediateConnectIsBuiltAtStartup() {
		this.backend = GreeterBackend.start("a");
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=static://" + this.backend.address(),
					"grpc.client.channels.greeter.immediate-connect-timeout=20s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(builds("greeter")).isEqualTo(1);
				assertThat(context.getBean(GrpcChannels.class).channel("greeter").getState(false))
					.isEqualTo(ConnectivityState.READY);
			});
	}

	@Test
	void unbuiltChannelShutsDownWithoutBeingBuiltAndRefusesCallsAfterwards() throws InterruptedException {
		this.backend = GreeterBackend.start("a");
		ManagedChannel[] closed = new ManagedChannel[1];
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://" + this.backend.address())
			.run((context) -> {
				ManagedChannel greeter = context.getBean(GrpcChannels.class).channel("greeter");
				assertThat(greeter.awaitTermination(50, TimeUnit.MILLISECONDS)).isFalse();
				closed[0] = greeter;
			});
		ManagedChannel greeter = closed[0];
		assertThat(builds("greeter")).isZero();
		assertThat(greeter.isShutdown()).isTrue();
		assertThat(greeter.isTerminated()).isTrue();
		assertThat(greeter.awaitTermination(0, TimeUnit.SECONDS)).isTrue();
		assertThat(greeter.getState(false)).isEqualTo(ConnectivityState.SHUTDOWN);
		assertThat(greeter.getState(true)).isEqualTo(ConnectivityState.SHUTDOWN);
		await().atMost(Duration.ofSeconds(20))
			.untilAsserted(() -> assertThat(events).anyMatch((event) -> event.channel().equals("greeter")
					&& event.from() == ConnectivityState.IDLE && event.to() == ConnectivityState.SHUTDOWN));
		assertThat(tryCall(greeter).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(this.backend.calls()).isZero();
	}

}
