package dev.dialtone.autoconfigure;

import org.junit.jupiter.api.Test;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.context.annotation.Configuration;

import dev.dialtone.test.FailureAnalyses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * A bad value written in a file is reported with the file and line it was written at.
 */
class InvalidPropertyOriginTests {

	@Test
	void theErrorSaysWhichFileAndLineHoldTheBadValue() {
		SpringApplicationBuilder application = new SpringApplicationBuilder(Application.class)
			.web(WebApplicationType.NONE)
			.properties("spring.config.location=classpath:origins/bad-lb-policy.yml", "spring.main.banner-mode=off");
		assertThatException().isThrownBy(application::run).satisfies((failure) -> {
			Throwable cause = failure;
			while (!(cause instanceof InvalidGrpcClientPropertyException) && cause.getCause() != null) {
				cause = cause.getCause();
			}
			assertThat(cause).isInstanceOf(InvalidGrpcClientPropertyException.class);
			InvalidGrpcClientPropertyException invalid = (InvalidGrpcClientPropertyException) cause;
			assertThat(invalid.getProperty()).isEqualTo("grpc.client.channels.greeter.lb-policy");
			assertThat(invalid.getOrigin()).contains("origins/bad-lb-policy.yml").contains("6:20");
			FailureAnalysis analysis = FailureAnalyses.analyze(failure);
			assertThat(analysis.getDescription()).contains("bad-lb-policy.yml").contains("round_robbin");
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(GrpcClientAutoConfiguration.class)
	static class Application {

	}

}
