package dev.dialtone.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.test.FailureAnalyses;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A key under grpc.client that Dialtone does not know stops the start, naming it and the nearest
 * key it does know: a typo must not start fine and do nothing.
 */
class UnknownPropertyTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpc.client.channels.svc.target=static://127.0.0.1:6565");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"grpc.client.channels.svc.retry.max-attempt=4 | grpc.client.channels.svc.retry.max-attempts",
			"grpc.client.channels.svc.hedging.enable=true | grpc.client.channels.svc.hedging.enabled",
			"grpc.client.defaults.dedline=2s | grpc.client.defaults.deadline",
			"grpc.client.resolution.refresh-intervall=5s | grpc.client.resolution.refresh-interval",
			"grpc.client.channels.svc.methods[0].deadlin=1s | grpc.client.channels.svc.methods[0].deadline",
			"grpc.client.channels.svc.outlier-detection.success-rate.stdev=5 | grpc.client.channels.svc.outlier-detection.success-rate.stdev-factor" })
	void anUnknownKeyStopsTheStartNamingTheNearestKnownOne(String property, String nearest) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			String unknown = property.substring(0, property.indexOf('='));
			assertThat(analysis.getDescription()).contains(unknown);
			assertThat(analysis.getAction()).contains(nearest);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "grpc.client.channels.svc.deadline= | grpc.client.channels.svc.deadline",
			"grpc.client.channels.svc.keepalive.time= | grpc.client.channels.svc.keepalive.time",
			"grpc.client.defaults.wait-for-ready= | grpc.client.defaults.wait-for-ready",
			"grpc.client.channels.svc.retry.backoff-multiplier= | grpc.client.channels.svc.retry.backoff-multiplier" })
	void aKnownKeyWithAnEmptyValueIsCalledEmptyNotUnknown(String written, String property) {
		this.runner.withPropertyValues(written, "grpc.client.channels.svc.methods[0].names=helloworld.Greeter")
			.run((context) -> {
				assertThat(context).hasFailed();
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription()).contains("have an empty value")
					.contains(property)
					.doesNotContain("does not know");
				assertThat(analysis.getAction()).contains("Give them a value").contains(property)
					.doesNotContain("did you mean");
			});
	}

	@Test
	void unknownAndEmptyKeysAreToldApart() {
		this.runner.withPropertyValues("grpc.client.channels.svc.deadline=", "grpc.client.channels.svc.dedline=1s")
			.run((context) -> {
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("does not know these gRPC client properties, which would be ignored:\n\tgrpc.client.channels.svc.dedline")
					.contains("have an empty value, which sets nothing, so they would be ignored:\n\tgrpc.client.channels.svc.deadline");
				assertThat(analysis.getAction()).contains("grpc.client.channels.svc.dedline: did you mean grpc.client.channels.svc.deadline?");
			});
	}

	@Test
	void everyKnownKeyStarts() {
		this.runner
			.withPropertyValues("grpc.client.channels.svc.retry.max-attempts=4",
					"grpc.client.channels.svc.methods[0].names=helloworld.Greeter",
					"grpc.client.channels.svc.health.indicator.critical=false", "grpc.client.test.in-process=false",
					"grpc.client.dns.refresh-interval=10s")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
