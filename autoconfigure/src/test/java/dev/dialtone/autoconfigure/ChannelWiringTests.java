package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ConnectivityState;
import io.grpc.Deadline;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.annotation.Order;

import dev.dialtone.GrpcChannelCustomizer;
import dev.dialtone.GrpcChannelSettings;
import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcClientInterceptor;
import dev.dialtone.UnknownGrpcChannelException;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.InProcessGreeter;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;
import dev.dialtone.test.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * How properties, defaults, interceptors and customizers become channels, and how channels end.
 */
class ChannelWiringTests {

	private final InProcessGreeter greeter = new InProcessGreeter();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.greeter.close();
	}

	@Test
	void channelsInheritDefaultsKeyByKeyAndTheirOwnKeysWin() {
		this.runner.withPropertyValues("grpc.client.defaults.lb-policy=pick_first",
				"grpc.client.defaults.retry.enabled=true", "grpc.client.defaults.retry.max-attempts=4",
				"grpc.client.channels.a.target=static://127.0.0.1:6565",
				"grpc.client.channels.a.retry.max-attempts=2", "grpc.client.channels.b.target=127.0.0.1:6566",
				"grpc.client.channels.b.lb-policy=round_robin", "grpc.client.channels.b.retry.enabled=false")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.names()).containsExactly("a", "b");
				GrpcChannelSettings a = channels.settings("a");
				assertThat(a.lbPolicy()).isEqualTo("pick_first");
				assertThat(a.serviceConfig()).extractingByKey("methodConfig")
					.asList()
					.singleElement()
					.extracting("retryPolicy")
					.extracting("maxAttempts")
					.isEqualTo(2.0);
				GrpcChannelSettings b = channels.settings("b");
				assertThat(b.lbPolicy()).isEqualTo("round_robin");
				assertThat(b.target()).isEqualTo("127.0.0.1:6566");
				assertThat(b.serviceConfig()).doesNotContainKey("methodConfig");
			});
	}

	@Test
	void serviceConfigIsBuiltFromTypedSettings() {
		this.runner.withPropertyValues("grpc.client.channels.a.target=static://127.0.0.1:6565",
				"grpc.client.channels.a.retry.enabled=true", "grpc.client.channels.a.retry.initial-backoff=150ms",
				"grpc.client.channels.a.retry.retryable-status-codes=unavailable,resource-exhausted",
				"grpc.client.channels.a.health-check.service-name=helloworld.Greeter").run((context) -> {
					Map<String, Object> config = context.getBean(GrpcChannels.class).settings("a").serviceConfig();
					assertThat(config).containsEntry("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())))
						.containsEntry("healthCheckConfig", Map.of("serviceName", "helloworld.Greeter"));
					assertThat(config.get("methodConfig")).isEqualTo(List.of(Map.of("name", List.of(Map.of()),
							"retryPolicy",
							Map.of("maxAttempts", 3.0, "initialBackoff", "0.15s", "maxBackoff", "1s",
									"backoffMultiplier", 2.0, "retryableStatusCodes",
									List.of("UNAVAILABLE", "RESOURCE_EXHAUSTED")))));
				});
	}

	@Test
	void disabledCreatesNoChannelsAndNoBeans() {
		this.runner.withPropertyValues("grpc.client.enabled=false", "grpc.client.channels.a.target=nope:///x")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(GrpcChannels.class));
	}

	@Test
	void channelsAreBuiltAtStartupWithoutConnecting() {
		try (GreeterBackend backend = GreeterBackend.start("lazy")) {
			this.runner.withPropertyValues("grpc.client.channels.a.target=static://" + backend.address())
				.run((context) -> {
					ManagedChannel channel = context.getBean(GrpcChannels.class).channel("a");
					assertThat(channel.getState(false)).isEqualTo(ConnectivityState.IDLE);
					assertThat(backend.calls()).isZero();
				});
		}
	}

	@Test
	void unknownNameAskedOfGrpcChannelsNamesTheConfiguredChannels() {
		this.runner.withPropertyValues("grpc.client.channels.a.target=" + this.greeter.target())
			.run((context) -> assertThatExceptionOfType(UnknownGrpcChannelException.class)
				.isThrownBy(() -> context.getBean(GrpcChannels.class).channel("b"))
				.withMessageContaining("'b'")
				.withMessageContaining("[a]"));
	}

	@Test
	void interceptorsRunInOrderOnTheirChannelsAndCustomizersSeeEveryChannel() {
		this.runner.withUserConfiguration(Interceptors.class)
			.withPropertyValues("grpc.client.channels.a.target=" + this.greeter.target(),
					"grpc.client.channels.b.target=" + this.greeter.target())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				Interceptors interceptors = context.getBean(Interceptors.class);
				GreeterGrpc.newBlockingStub(channels.channel("a")).sayHello(HelloRequest.getDefaultInstance());
				assertThat(interceptors.seen).containsExactly("first", "second", "only-a");
				interceptors.seen.clear();
				GreeterGrpc.newBlockingStub(channels.channel("b")).sayHello(HelloRequest.getDefaultInstance());
				assertThat(interceptors.seen).containsExactly("first", "second");
				assertThat(interceptors.customized).containsExactly("a", "b");
			});
	}

	@Test
	void interceptorForAnUnknownChannelStopsTheStart() {
		this.runner.withUserConfiguration(Interceptors.class)
			.withPropertyValues("grpc.client.channels.b.target=" + this.greeter.target())
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOf(UnknownGrpcChannelException.class)
				.hasMessageContaining("@GrpcClientInterceptor(channels) of bean 'onlyA'"));
	}

	@Test
	void deadlineInterceptorIsAddedOnlyWhenADeadlineIsSet() {
		this.runner.withUserConfiguration(DeadlineProbe.class)
			.withPropertyValues("grpc.client.channels.a.target=" + this.greeter.target(),
					"grpc.client.channels.b.target=" + this.greeter.target(), "grpc.client.channels.b.deadline=3s")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				DeadlineProbe probe = context.getBean(DeadlineProbe.class);
				GreeterGrpc.newBlockingStub(channels.channel("a")).sayHello(HelloRequest.getDefaultInstance());
				GreeterGrpc.newBlockingStub(channels.channel("b")).sayHello(HelloRequest.getDefaultInstance());
				assertThat(probe.deadlines.get(0)).isNull();
				assertThat(probe.deadlines.get(1).timeRemaining(TimeUnit.MILLISECONDS)).isBetween(1L, 3000L);
			});
	}

	@Test
	void callInFlightAtShutdownCompletes() {
		try (GreeterBackend backend = GreeterBackend.start("slow")) {
			var reply = new AtomicReference<ListenableFuture<HelloReply>>();
			this.runner.withPropertyValues("grpc.client.channels.a.target=static://" + backend.address())
				.run((context) -> {
					// A direct executor completes the future on the transport thread, before the
					// channel can terminate; the default executor would complete it a moment after
					// close returned, and the check below would race it.
					GreeterGrpc.GreeterFutureStub stub = GreeterGrpc.newFutureStub(context.getBean(GrpcChannels.class).channel("a"))
						.withExecutor(MoreExecutors.directExecutor());
					GreeterGrpc.newBlockingStub(context.getBean(GrpcChannels.class).channel("a"))
						.sayHello(HelloRequest.getDefaultInstance());
					reply.set(stub.sayHello(HelloRequest.newBuilder().setDelayMillis(800).build()));
					await().until(() -> backend.calls() == 2);
				});
			// The context is closed: the call that was in flight still got its answer.
			assertThat(reply.get()).isDone();
			assertThat(reply.get()).succeedsWithin(Duration.ZERO).satisfies((r) -> assertThat(r.getBackend()).isEqualTo("slow"));
		}
	}

	@Test
	void callStillInFlightAfterTheGracePeriodIsCancelled() {
		try (GreeterBackend backend = GreeterBackend.start("slow")) {
			var reply = new AtomicReference<ListenableFuture<HelloReply>>();
			this.runner.withPropertyValues("grpc.client.channels.a.target=static://" + backend.address(),
					"grpc.client.channels.a.shutdown-grace-period=100ms").run((context) -> {
						GreeterGrpc.GreeterFutureStub stub = GreeterGrpc.newFutureStub(context.getBean(GrpcChannels.class).channel("a"));
						reply.set(stub.sayHello(HelloRequest.newBuilder().setDelayMillis(5000).build()));
						await().until(() -> backend.calls() == 1);
					});
			assertThat(reply.get()).failsWithin(Duration.ofSeconds(2));
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class Interceptors {

		final List<String> seen = new CopyOnWriteArrayList<>();

		final List<String> customized = new CopyOnWriteArrayList<>();

		@Bean
		@Order(2)
		@GrpcClientInterceptor
		ClientInterceptor second() {
			return recording("second");
		}

		@Bean
		@Order(1)
		@GrpcClientInterceptor
		ClientInterceptor first() {
			return recording("first");
		}

		@Bean
		@Order(3)
		@GrpcClientInterceptor(channels = "a")
		ClientInterceptor onlyA() {
			return recording("only-a");
		}

		@Bean
		ClientInterceptor unmarked() {
			return recording("unmarked");
		}

		@Bean
		GrpcChannelCustomizer recordingCustomizer() {
			return (name, builder) -> this.customized.add(name);
		}

		private ClientInterceptor recording(String name) {
			return new ClientInterceptor() {
				@Override
				public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
						Channel next) {
					Interceptors.this.seen.add(name);
					return next.newCall(method, options);
				}
			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DeadlineProbe {

		final List<Deadline> deadlines = new CopyOnWriteArrayList<>();

		@Bean
		@GrpcClientInterceptor
		ClientInterceptor deadlineProbe() {
			return new ClientInterceptor() {
				@Override
				public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options,
						Channel next) {
					DeadlineProbe.this.deadlines.add(options.getDeadline());
					return next.newCall(method, options);
				}
			};
		}

	}

}
