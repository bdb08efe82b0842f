package dev.dialtone.calls;

import io.grpc.Channel;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.dialtone.GrpcClient;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.test.FailureAnalyses;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.GreeterGrpcKt;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A methods name that the channel's injected stubs do not have stops the start: a typo must not
 * silently leave a method with the channel's own settings.
 */
class InjectedMethodNamesTests {

	private static final String METHODS = "grpc.client.channels.greeter.methods[0].";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:6565");

	@Configuration(proxyBeanMethods = false)
	static class StubOnly {

		@Bean
		String usesTheStub(@GrpcClient("greeter") GreeterGrpc.GreeterBlockingStub greeter) {
			return "stub";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CoroutineStubOnly {

		@Bean
		String usesTheStub(@GrpcClient("greeter") GreeterGrpcKt.GreeterCoroutineStub greeter) {
			return "stub";
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StubAndChannel {

		@Bean
		String usesTheStub(@GrpcClient("greeter") GreeterGrpc.GreeterBlockingStub greeter) {
			return "stub";
		}

		@Bean
		String usesTheChannel(@GrpcClient("greeter") Channel channel) {
			return "channel";
		}

	}

	@Test
	void aMethodTheStubsServiceLacksStopsTheStartListingItsMethods() {
		this.runner.withUserConfiguration(StubOnly.class)
			.withPropertyValues(METHODS + "names=helloworld.Greeter/SayHelo", METHODS + "deadline=1s")
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(context.getStartupFailure()).isInstanceOf(InvalidGrpcClientPropertyException.class);
				InvalidGrpcClientPropertyException failure = (InvalidGrpcClientPropertyException) context
					.getStartupFailure();
				assertThat(failure.getProperty()).isEqualTo(METHODS + "names[0]");
				assertThat(failure.getValue()).isEqualTo("helloworld.Greeter/SayHelo");
				assertThat(failure.getAllowed()).contains("helloworld.Greeter/SayHello", "helloworld.Greeter/SayGoodbye");
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("helloworld.Greeter/SayHello");
			});
	}

	@Test
	void aMethodTheServiceOfAKotlinCoroutineStubLacksStopsTheStartToo() {
		this.runner.withUserConfiguration(CoroutineStubOnly.class)
			.withPropertyValues(METHODS + "names=helloworld.Greeter/SayHelo", METHODS + "deadline=1s")
			.run((context) -> assertThat(context.getStartupFailure()).isInstanceOf(InvalidGrpcClientPropertyException.class)
				.hasMessageContaining("helloworld.Greeter/SayHello"));
	}

	@Test
	void aServiceNoInjectedStubHasStopsTheStart() {
		this.runner.withUserConfiguration(StubOnly.class)
			.withPropertyValues(METHODS + "names=helloworld.Greeter/SayHello,helloworld.Admin")
			.run((context) -> assertThat(context.getStartupFailure()).isInstanceOf(InvalidGrpcClientPropertyException.class)
				.hasMessageContaining(METHODS + "names[1]"));
	}

	@Test
	void aServiceNoStubHasIsAllowedWhenThePlainChannelIsInjectedToo() {
		this.runner.withUserConfiguration(StubAndChannel.class)
			.withPropertyValues(METHODS + "names=helloworld.Greeter/SayHello,helloworld.Admin")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void namesOfTheStubsServiceStart() {
		this.runner.withUserConfiguration(StubOnly.class)
			.withPropertyValues(METHODS + "names=helloworld.Greeter/SayGoodbye", "grpc.client.channels.greeter.methods[1].names=helloworld.Greeter")
			.run((context) -> assertThat(context).hasNotFailed());
	}

}
