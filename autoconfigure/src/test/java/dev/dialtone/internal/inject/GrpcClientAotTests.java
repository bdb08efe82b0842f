package dev.dialtone.internal.inject;

import java.util.concurrent.TimeUnit;

import com.google.common.util.concurrent.Futures;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ManagedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.aot.hint.RuntimeHints;
import org.springframework.aot.hint.predicate.RuntimeHintsPredicates;
import org.springframework.aot.test.generate.TestGenerationContext;
import org.springframework.boot.autoconfigure.ImportAutoConfiguration;
import org.springframework.boot.test.util.TestPropertyValues;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.annotation.AnnotationConfigApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.test.tools.CompileWithForkedClassLoader;
import org.springframework.core.test.tools.TestCompiler;
import org.springframework.javapoet.ClassName;
import org.springframework.util.ClassUtils;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcClient;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.CoroutineGreeterCalls;
import dev.dialtone.test.GreeterCalls;
import dev.dialtone.test.InProcessGreeter;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.GreeterGrpcKt;
import dev.dialtone.test.proto.ReactorGreeterGrpc;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @GrpcClient} in an application that went through Spring's ahead-of-time processing, as a
 * native image or a JVM run with {@code -Dspring.aot.enabled=true} starts it: the context's
 * initializer is generated, compiled and run, without the configuration classes being parsed again.
 * One stub of each style, in a field, a setter, a constructor and a {@code @Bean} method, calls a
 * real in-process greeter.
 */
@CompileWithForkedClassLoader
class GrpcClientAotTests {

	private final InProcessGreeter greeter = new InProcessGreeter();

	@AfterEach
	void stop() {
		this.greeter.close();
	}

	@Test
	void stubsAreInjectedIntoFieldsSettersConstructorsAndBeanMethodsOfAnAotProcessedContext() {
		TestGenerationContext generation = new TestGenerationContext();
		AnnotationConfigApplicationContext buildTime = new AnnotationConfigApplicationContext();
		buildTime.register(AotApplication.class);
		ClassName initializerName = new ApplicationContextAotGenerator().processAheadOfTime(buildTime, generation);
		generation.writeGeneratedContent();
		TestCompiler.forSystem().with(generation).compile((compiled) -> {
			GenericApplicationContext context = new GenericApplicationContext();
			TestPropertyValues.of("grpc.client.channels.greeter.target=" + this.greeter.target()).applyTo(context);
			@SuppressWarnings("unchecked")
			ApplicationContextInitializer<GenericApplicationContext> initializer = compiled
				.getInstance(ApplicationContextInitializer.class, initializerName.reflectionName());
			initializer.initialize(context);
			context.refresh();
			try {
				ManagedChannel channel = context.getBean(GrpcChannels.class).channel("greeter");
				FieldClient field = context.getBean(FieldClient.class);
				assertThat(field.greeter.withDeadlineAfter(GreeterCalls.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
					.sayHello(GreeterCalls.hello())
					.getMessage()).isEqualTo("Hello test");
				assertThat(field.greeter.getChannel()).isSameAs(channel);
				assertThat(Futures
					.getUnchecked(field.fromSetter.withDeadlineAfter(GreeterCalls.DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
						.sayHello(GreeterCalls.hello()))
					.getMessage()).isEqualTo("Hello test");
				assertThat(field.fromSetter.getChannel()).isSameAs(channel);
				ConstructorClient constructor = context.getBean(ConstructorClient.class);
				assertThat(constructor.greeter.sayHello(GreeterCalls.hello()).block(GreeterCalls.DEADLINE).getMessage())
					.isEqualTo("Hello test");
				assertThat(constructor.greeter.getChannel()).isSameAs(channel);
				BeanMethodClient beanMethod = context.getBean(BeanMethodClient.class);
				assertThat(CoroutineGreeterCalls.call(beanMethod.greeter()).getMessage()).isEqualTo("Hello test");
				assertThat(beanMethod.greeter().getChannel()).isSameAs(channel);
			}
			finally {
				context.close();
			}
		});
		RuntimeHints hints = generation.getRuntimeHints();
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GreeterGrpc.class, "newBlockingStub"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GreeterGrpc.class, "newFutureStub"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(ReactorGreeterGrpc.class, "newReactorStub"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection()
			.onConstructorInvocation(ClassUtils.getConstructorIfAvailable(GreeterGrpcKt.GreeterCoroutineStub.class,
					Channel.class, CallOptions.class)))
			.accepts(hints);
		// Read when the channel's methods names are checked against the stubs' services.
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GreeterGrpc.class, "getServiceDescriptor"))
			.accepts(hints);
		assertThat(RuntimeHintsPredicates.reflection().onMethodInvocation(GreeterGrpcKt.class, "getServiceDescriptor"))
			.accepts(hints);
	}

	@Configuration(proxyBeanMethods = false)
	@ImportAutoConfiguration(GrpcClientAutoConfiguration.class)
	@Import({ FieldClient.class, ConstructorClient.class })
	public static class AotApplication {

		@Bean
		public BeanMethodClient beanMethodClient(@GrpcClient("greeter") GreeterGrpcKt.GreeterCoroutineStub greeter) {
			return new BeanMethodClient(greeter);
		}

	}

	public static class FieldClient {

		@GrpcClient("greeter")
		GreeterGrpc.GreeterBlockingStub greeter;

		GreeterGrpc.GreeterFutureStub fromSetter;

		@GrpcClient("greeter")
		public void setFromSetter(GreeterGrpc.GreeterFutureStub fromSetter) {
			this.fromSetter = fromSetter;
		}

	}

	public static class ConstructorClient {

		final ReactorGreeterGrpc.ReactorGreeterStub greeter;

		public ConstructorClient(@GrpcClient("greeter") ReactorGreeterGrpc.ReactorGreeterStub greeter) {
			this.greeter = greeter;
		}

	}

	public record BeanMethodClient(GreeterGrpcKt.GreeterCoroutineStub greeter) {
	}

}
