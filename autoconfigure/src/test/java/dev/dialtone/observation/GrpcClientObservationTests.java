package dev.dialtone.observation;

import java.time.Duration;

import io.micrometer.common.KeyValues;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.DefaultGrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationContext;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationConvention;
import io.micrometer.observation.tck.TestObservationRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.simple.SimpleMetricsExportAutoConfiguration;
import org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.observation.GrpcClientObservationAutoConfiguration;
import dev.dialtone.test.GreeterBackend;

import static dev.dialtone.test.GreeterCalls.call;
import static io.micrometer.observation.tck.TestObservationRegistryAssert.assertThat;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Calls on Dialtone's channels observed through Micrometer's gRPC client interceptor, against a
 * real backend on loopback.
 */
class GrpcClientObservationTests {

	private final GreeterBackend backend = GreeterBackend.start("a");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcClientObservationAutoConfiguration.class))
		.withPropertyValues("grpc.client.channels.greeter.target=static://" + this.backend.address(),
				"grpc.client.channels.other.target=static://" + this.backend.address());

	@AfterEach
	void close() {
		this.backend.close();
	}

	@Test
	void everyCallIsObservedWithItsChannelsName() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create).run((context) -> {
			TestObservationRegistry observations = context.getBean(TestObservationRegistry.class);
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			call(channels.channel("greeter"), Duration.ofSeconds(5));
			assertThat(observations).hasNumberOfObservationsWithNameEqualTo("grpc.client", 1)
				.hasObservationWithNameEqualTo("grpc.client")
				.that()
				.hasBeenStopped()
				.hasLowCardinalityKeyValue("channel", "greeter")
				.hasLowCardinalityKeyValue("rpc.method", "SayHello")
				.hasLowCardinalityKeyValue("grpc.status_code", "OK");
			call(channels.channel("other"), Duration.ofSeconds(5));
			assertThat(observations).hasNumberOfObservationsWithNameEqualTo("grpc.client", 2)
				.hasAnObservationWithAKeyValue("channel", "other");
		});
	}

	@Test
	void aConventionBeanNamesTheObservationAndTheChannelKeyIsAdded() {
		GrpcClientObservationConvention custom = new DefaultGrpcClientObservationConvention() {

			@Override
			public String getName() {
				return "greeter.calls";
			}

			@Override
			public KeyValues getLowCardinalityKeyValues(GrpcClientObservationContext context) {
				return KeyValues.of("team", "greetings");
			}

		};
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withBean(GrpcClientObservationConvention.class, () -> custom)
			.run((context) -> {
				call(context.getBean(GrpcChannels.class).channel("greeter"), Duration.ofSeconds(5));
				assertThat(context.getBean(TestObservationRegistry.class))
					.hasSingleObservationThat()
					.hasNameEqualTo("greeter.calls")
					.hasLowCardinalityKeyValue("team", "greetings")
					.hasLowCardinalityKeyValue("channel", "greeter");
			});
	}

	@Test
	void withBootsObservationAndMetricsSupportEachCallIsTimedPerChannel() {
		this.runner
			.withConfiguration(AutoConfigurations.of(ObservationAutoConfiguration.class, MetricsAutoConfiguration.class,
					SimpleMetricsExportAutoConfiguration.class, CompositeMeterRegistryAutoConfiguration.class))
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				call(channels.channel("greeter"), Duration.ofSeconds(5));
				call(channels.channel("greeter"), Duration.ofSeconds(5));
				call(channels.channel("other"), Duration.ofSeconds(5));
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(meters.get("grpc.client").tag("channel", "greeter").timer().count()).isEqualTo(2);
				assertThat(meters.get("grpc.client").tag("channel", "other").timer().count()).isEqualTo(1);
			});
	}

	@Test
	void switchedOffTheChannelsGetNoInterceptorAndCallsAreNotObserved() {
		this.runner.withBean(TestObservationRegistry.class, TestObservationRegistry::create)
			.withPropertyValues("grpc.client.observations.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(ObservationChannelCustomizer.class);
				call(context.getBean(GrpcChannels.class).channel("greeter"), Duration.ofSeconds(5));
				assertThat(context.getBean(TestObservationRegistry.class)).doesNotHaveAnyObservation();
			});
	}

	@Test
	void withoutAnObservationRegistryDialtoneAddsNoInterceptor() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(GrpcChannels.class).doesNotHaveBean(ObservationChannelCustomizer.class);
			call(context.getBean(GrpcChannels.class).channel("greeter"), Duration.ofSeconds(5));
		});
	}

}
