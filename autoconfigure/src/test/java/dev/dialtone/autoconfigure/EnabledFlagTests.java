package dev.dialtone.autoconfigure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.FailureAnalyses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@code grpc.client.enabled} is true, false or left out: any other value stops the start instead of
 * turning Dialtone off without a word (Spring Boot's boolean condition reads {@code yes} as not
 * true, while the same value binds as true).
 */
class EnabledFlagTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:6565");

	@ParameterizedTest(name = "grpc.client.enabled={0}")
	@ValueSource(strings = { "yes", "on", "1", "maybe", "" })
	void aValueOtherThanTrueOrFalseStopsTheStartNamingTheFlag(String value) {
		this.runner.withPropertyValues("grpc.client.enabled=" + value).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(InvalidGrpcClientPropertyException.class)
				.hasMessageContaining("'grpc.client.enabled'")
				.hasMessageContaining("true or false");
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("grpc.client.enabled");
			assertThat(analysis.getAction()).contains("true or false");
		});
	}

	@ParameterizedTest(name = "grpc.client.enabled={0}")
	@ValueSource(strings = { "true", "TRUE", "True" })
	void trueInAnyCaseTurnsDialtoneOn(String value) {
		this.runner.withPropertyValues("grpc.client.enabled=" + value)
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(GrpcChannels.class));
	}

	@ParameterizedTest(name = "grpc.client.enabled={0}")
	@ValueSource(strings = { "false", "FALSE", "False" })
	void falseInAnyCaseTurnsDialtoneOff(String value) {
		this.runner.withPropertyValues("grpc.client.enabled=" + value)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcChannels.class));
	}

	@Test
	void leftOutTurnsDialtoneOn() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(GrpcChannels.class));
	}

	@Test
	void observationsEnabledOnStopsTheStartNamingIt() {
		assertThatExceptionOfType(InvalidGrpcClientPropertyException.class)
			.isThrownBy(() -> OnEnabledFlagCondition.outcome("grpc.client.observations.enabled", "on"))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo("grpc.client.observations.enabled");
				assertThat(ex.getValue()).isEqualTo("on");
			});
	}

}
