package dev.dialtone.calls;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Deadline;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannelCustomizer;
import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.SteadyCalls;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;

import static dev.dialtone.test.GreeterCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Settings that differ by method, against real backends on loopback: retry, deadline and
 * wait-for-ready of one method leave the channel's other method as it is.
 */
class PerMethodCallTests {

	private static final String CHANNEL = "grpc.client.channels.greeter.";

	private static final String SAY_HELLO = CHANNEL + "methods[0].";

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
	}

	private String startBackends(int count) {
		List<String> addresses = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			GreeterBackend backend = GreeterBackend.start("b" + this.backends.size());
			this.backends.add(backend);
			addresses.add(backend.address());
		}
		return CHANNEL + "target=static://" + String.join(",", addresses);
	}

	private static Channel awaitReady(GrpcChannels channels, int backends) {
		Channel channel = channels.channel("greeter");
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			GreeterGrpc.newBlockingStub(channel).withDeadlineAfter(5, TimeUnit.SECONDS).sayGoodbye(hello());
			return channels.activity("greeter").readyBackends() == backends;
		});
		return channel;
	}

	@Test
	void aMethodWithRetrySurvivesBackendsKilledMidCallAndOneWithoutDoesNot() {
		String[] settings = { SAY_HELLO + "names=helloworld.Greeter/SayHello", SAY_HELLO + "retry.enabled=true",
				SAY_HELLO + "retry.max-attempts=5" };
		for (boolean retried : new boolean[] { true, false }) {
			String target = startBackends(3);
			List<GreeterBackend> running = List.copyOf(this.backends.subList(this.backends.size() - 3,
					this.backends.size()));
			this.runner.withPropertyValues(target).withPropertyValues(settings).run((context) -> {
				Channel channel = awaitReady(context.getBean(GrpcChannels.class), 3);
				int failures = SteadyCalls.failures(channel,
						retried ? GreeterGrpc.getSayHelloMethod() : GreeterGrpc.getSayGoodbyeMethod(), 150,
						Duration.ofMillis(20), Duration.ofMillis(100), Map.of(Duration.ofSeconds(1), () -> {
							running.get(0).kill();
							running.get(1).kill();
						}));
				if (retried) {
					assertThat(failures).as("SayHello, retried").isZero();
				}
				else {
					assertThat(failures).as("SayGoodbye, not retried").isPositive();
				}
			});
		}
	}

	@Test
	void aMethodsDeadlineAppliesOnlyToItAndOnlyToCallsWithoutTheirOwn() {
		this.runner
			.withPropertyValues(startBackends(1), SAY_HELLO + "names=helloworld.Greeter/SayHello",
					SAY_HELLO + "deadline=300ms")
			.run((context) -> {
				Channel channel = awaitReady(context.getBean(GrpcChannels.class), 1);
				this.backends.get(0).greeter().setDelay(Duration.ofSeconds(1));
				GreeterGrpc.GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channel);
				assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> greeter.sayHello(hello()))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED));
				assertThat(greeter.sayGoodbye(hello()).getMessage()).isEqualTo("Goodbye test");
				// A deadline of the call's own, even a longer one, is left as it is.
				assertThat(greeter.withDeadlineAfter(10, TimeUnit.SECONDS).sayHello(hello()).getMessage())
					.isEqualTo("Hello test");
			});
	}

	@Test
	void everyInterceptorSeesTheDefaultDeadlineEvenOneAddedByACustomizer() {
		AtomicReference<Deadline> seen = new AtomicReference<>();
		ClientInterceptor recording = new ClientInterceptor() {

			@Override
			public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
					Channel next) {
				seen.set(callOptions.getDeadline());
				return next.newCall(method, callOptions);
			}

		};
		this.runner.withPropertyValues(startBackends(1), CHANNEL + "deadline=20s")
			.withBean(GrpcChannelCustomizer.class, () -> (name, builder) -> builder.intercept(recording))
			.run((context) -> {
				Channel channel = context.getBean(GrpcChannels.class).channel("greeter");
				GreeterGrpc.newBlockingStub(channel).sayHello(hello());
				assertThat(seen.get()).isNotNull();
				assertThat(seen.get().timeRemaining(TimeUnit.SECONDS)).isBetween(1L, 20L);
			});
	}

	@Test
	void waitForReadyMakesAMethodWaitForABackendThatStartsLate() throws Exception {
		int port = freePort();
		this.runner
			.withPropertyValues(CHANNEL + "target=static://127.0.0.1:" + port,
					SAY_HELLO + "names=helloworld.Greeter/SayHello", SAY_HELLO + "wait-for-ready=true")
			.run((context) -> {
				Channel channel = context.getBean(GrpcChannels.class).channel("greeter");
				// Without wait-for-ready a call fails at once, long before its deadline.
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> GreeterGrpc.newBlockingStub(channel)
						.withDeadlineAfter(5, TimeUnit.SECONDS)
						.sayGoodbye(hello()))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
				ListenableFuture<HelloReply> waiting = GreeterGrpc.newFutureStub(channel)
					.withDeadlineAfter(20, TimeUnit.SECONDS)
					.sayHello(hello());
				// Still waiting while nothing listens: the channel has failed to connect at least once.
				await().atMost(Duration.ofSeconds(5))
					.until(() -> context.getBean(GrpcChannels.class).activity("greeter").lastBackendError() != null);
				assertThat(waiting).isNotDone();
				this.backends.add(GreeterBackend.start("late", new InetSocketAddress("127.0.0.1", port)));
				assertThat(waiting.get(20, TimeUnit.SECONDS).getBackend()).isEqualTo("late");
			});
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

}
