package dev.dialtone.internal.inject;

import io.grpc.Channel;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcClient;
import dev.dialtone.UnknownGrpcChannelException;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.FailureAnalyses;
import dev.dialtone.test.InProcessGreeter;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @GrpcClient} on every kind of injection point and for every stub flavour.
 */
class GrpcClientInjectionTests {

	private final InProcessGreeter greeter = new InProcessGreeter();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
		.withPropertyValues("grpc.client.channels.greeter.target=" + this.greeter.target(),
				"grpc.client.channels.other.target=" + this.greeter.target());

	@AfterEach
	void stop() {
		this.greeter.close();
	}

	@Test
	void injectsEveryStubFlavourIntoFieldsConstructorsSettersAndBeanMethods() {
		this.runner.withUserConfiguration(Clients.class, BeanMethodClients.class).run((context) -> {
			assertThat(context).hasNotFailed();
			ManagedChannel channel = context.getBean(GrpcChannels.class).channel("greeter");
			Clients clients = context.getBean(Clients.class);
			HelloRequest hello = HelloRequest.newBuilder().setName("you").build();

			assertThat(clients.blocking.sayHello(hello).getMessage()).isEqualTo("Hello you");
			assertThat(clients.blockingV2.sayHello(hello).getMessage()).isEqualTo("Hello you");
			assertThat(clients.future.sayHello(hello).get().getMessage()).isEqualTo("Hello you");
			assertThat(clients.asyncFromSetter).isNotNull();
			assertThat(GreeterGrpc.newBlockingStub(clients.channel).sayHello(hello).getMessage()).isEqualTo("Hello you");

			// One channel per name, shared by every client of that name.
			assertThat(clients.blocking.getChannel()).isSameAs(channel);
			assertThat(clients.blockingV2.getChannel()).isSameAs(channel);
			assertThat(clients.future.getChannel()).isSameAs(channel);
			assertThat(clients.asyncFromSetter.getChannel()).isSameAs(channel);
			assertThat(clients.channel).isSameAs(channel);
			assertThat(clients.managedChannel).isSameAs(channel);

			BeanMethodClients.Holder fromBeanMethod = context.getBean(BeanMethodClients.Holder.class);
			assertThat(fromBeanMethod.async().getChannel()).isSameAs(channel);
			assertThat(fromBeanMethod.other().getChannel()).isSameAs(context.getBean(GrpcChannels.class).channel("other"))
				.isNotSameAs(channel);
		});
	}

	@Test
	void unknownChannelNameStopsTheStartNamingTheInjectionPointAndTheChannels() {
		this.runner.withUserConfiguration(Misspelled.class).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(UnknownGrpcChannelException.class)
				.hasMessageContaining("'gretter'")
				.hasMessageContaining("parameter 'greeter' of the constructor of " + Misspelled.class.getName())
				.hasMessageContaining("[greeter, other]");
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains("gretter", Misspelled.class.getName(), "[greeter, other]");
			assertThat(analysis.getAction()).contains("grpc.client.channels.gretter.target");
		});
	}

	@Test
	void unknownChannelNameOnAFieldNamesTheField() {
		this.runner.withUserConfiguration(MisspelledField.class).run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("field 'greeter' of " + MisspelledField.class.getName()));
	}

	@Test
	void typeThatIsNoStubStopsTheStart() {
		this.runner.withUserConfiguration(NotAStub.class).run((context) -> assertThat(context.getStartupFailure())
			.rootCause()
			.hasMessageContaining("java.lang.String")
			.hasMessageContaining("generated stub"));
	}

	@Configuration(proxyBeanMethods = false)
	@Import(Clients.class)
	static class BeanMethodClients {

		record Holder(GreeterGrpc.GreeterStub async, GreeterGrpc.GreeterBlockingStub other) {
		}

		@Bean
		Holder holder(@GrpcClient("greeter") GreeterGrpc.GreeterStub async,
				@GrpcClient("other") GreeterGrpc.GreeterBlockingStub other) {
			return new Holder(async, other);
		}

	}

	static class Clients {

		@GrpcClient("greeter")
		GreeterGrpc.GreeterBlockingStub blocking;

		@GrpcClient("greeter")
		Channel channel;

		final GreeterGrpc.GreeterBlockingV2Stub blockingV2;

		final GreeterGrpc.GreeterFutureStub future;

		final ManagedChannel managedChannel;

		GreeterGrpc.GreeterStub asyncFromSetter;

		Clients(@GrpcClient("greeter") GreeterGrpc.GreeterBlockingV2Stub blockingV2,
				@GrpcClient("greeter") GreeterGrpc.GreeterFutureStub future,
				@GrpcClient("greeter") ManagedChannel managedChannel) {
			this.blockingV2 = blockingV2;
			this.future = future;
			this.managedChannel = managedChannel;
		}

		@GrpcClient("greeter")
		void setAsync(GreeterGrpc.GreeterStub async) {
			this.asyncFromSetter = async;
		}

	}

	static class Misspelled {

		Misspelled(@GrpcClient("gretter") GreeterGrpc.GreeterBlockingStub greeter) {
		}

	}

	static class MisspelledField {

		@GrpcClient("gretter")
		GreeterGrpc.GreeterBlockingStub greeter;

	}

	static class NotAStub {

		@GrpcClient("greeter")
		String greeter;

	}

}
