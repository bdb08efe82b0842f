package dev.dialtone.metrics;

import java.util.concurrent.TimeUnit;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
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
import dev.dialtone.test.proto.GreeterGrpc;

import static dev.dialtone.test.GreeterCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Attempts per call, counted by grpc-java's stream tracers against a real backend.
 */
class CallAttemptsMetricsTests {

	private final GreeterBackend backend = GreeterBackend.start("counted");

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class, MetricsAutoConfiguration.class,
				GrpcChannelMetricsAutoConfiguration.class))
		.withBean(SimpleMeterRegistry.class)
		.withPropertyValues("grpc.client.channels.greeter.target=static://" + this.backend.address(),
				"grpc.client.channels.greeter.retry.enabled=true", "grpc.client.channels.greeter.retry.max-attempts=3",
				"grpc.client.channels.greeter.retry.initial-backoff=1ms",
				"grpc.client.channels.greeter.retry.max-backoff=2ms");

	@AfterEach
	void stop() {
		this.backend.close();
	}

	private static DistributionSummary attempts(MeterRegistry registry, String status) {
		return attempts(registry, "helloworld.Greeter/SayHello", status);
	}

	private static DistributionSummary attempts(MeterRegistry registry, String method, String status) {
		return registry.get(CallAttemptsChannelCustomizer.METER)
			.tags("channel", "greeter", "method", method, "status", status)
			.summary();
	}

	@Test
	void aRetriedCallCountsEveryAttemptUnderItsFinalStatus() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			GreeterGrpc.GreeterBlockingStub greeter = GreeterGrpc
				.newBlockingStub(context.getBean(GrpcChannels.class).channel("greeter"));
			greeter.withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(hello());
			assertThat(attempts(registry, "OK").count()).isOne();
			assertThat(attempts(registry, "OK").totalAmount()).isEqualTo(1);
			this.backend.greeter().failWith(Status.UNAVAILABLE);
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> greeter.withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(hello()));
			assertThat(attempts(registry, "UNAVAILABLE").count()).isOne();
			assertThat(attempts(registry, "UNAVAILABLE").totalAmount()).isEqualTo(3);
			assertThat(attempts(registry, "UNAVAILABLE").max()).isEqualTo(3);
		});
	}

	@Test
	void eachMethodIsCountedUnderItsOwnName() {
		this.runner.run((context) -> {
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			GreeterGrpc.GreeterBlockingStub greeter = GreeterGrpc
				.newBlockingStub(context.getBean(GrpcChannels.class).channel("greeter"))
				.withDeadlineAfter(10, TimeUnit.SECONDS);
			greeter.sayHello(hello());
			greeter.sayGoodbye(hello());
			greeter.sayGoodbye(hello());
			assertThat(attempts(registry, "helloworld.Greeter/SayHello", "OK").count()).isOne();
			assertThat(attempts(registry, "helloworld.Greeter/SayGoodbye", "OK").count()).isEqualTo(2);
		});
	}

}
