package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.ConnectivityState;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationListener;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dialtone.GrpcChannelStateChangedEvent;
import dev.dialtone.GrpcChannels;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.GreeterCalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Channel state changes reach the application as events, in order, off the channel's threads.
 */
class ChannelStateEventsTests {

	@Configuration(proxyBeanMethods = false)
	static class Listening {

		final List<GrpcChannelStateChangedEvent> events = new CopyOnWriteArrayList<>();

		final List<String> threads = new CopyOnWriteArrayList<>();

		@Bean
		ApplicationListener<GrpcChannelStateChangedEvent> channelStates() {
			return (event) -> {
				this.events.add(event);
				this.threads.add(Thread.currentThread().getName());
			};
		}

	}

	@Test
	void aChannelThatConnectsAndLosesItsBackendTellsTheApplication() {
		GreeterBackend backend = GreeterBackend.start("evented");
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
			.withUserConfiguration(Listening.class)
			.withPropertyValues("grpc.client.channels.greeter.target=static://" + backend.address())
			.run((context) -> {
				Listening listening = context.getBean(Listening.class);
				GreeterCalls.call(context.getBean(GrpcChannels.class).channel("greeter"));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> listening.events.stream().anyMatch((event) -> event.to() == ConnectivityState.READY));
				backend.kill();
				GreeterCalls.tryCall(context.getBean(GrpcChannels.class).channel("greeter"));
				await().atMost(Duration.ofSeconds(10))
					.until(() -> listening.events.stream()
						.anyMatch((event) -> event.to() == ConnectivityState.TRANSIENT_FAILURE));
				List<GrpcChannelStateChangedEvent> events = List.copyOf(listening.events);
				assertThat(events).allSatisfy((event) -> assertThat(event.channel()).isEqualTo("greeter"));
				assertThat(events.get(0).from()).isEqualTo(ConnectivityState.IDLE);
				for (int i = 1; i < events.size(); i++) {
					assertThat(events.get(i).from()).as("event %d follows the one before", i)
						.isEqualTo(events.get(i - 1).to());
				}
				GrpcChannelStateChangedEvent failed = events.stream()
					.filter((event) -> event.to() == ConnectivityState.TRANSIENT_FAILURE)
					.findFirst()
					.orElseThrow();
				assertThat(failed.reason()).contains(backend.address()).contains("UNAVAILABLE");
				assertThat(listening.threads).containsOnly("dialtone-events");
			});
	}

}
