package dev.dialtone.auth;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.ServerServiceDefinition;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.ClientCalls;
import io.grpc.stub.ServerCalls;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcTokenSource;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.AuthCheckingBackend;

import static dev.dialtone.test.GreeterCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Calls carry the configured credentials to a real backend on loopback that checks the
 * {@code authorization} header: a fixed bearer token, basic credentials, tokens of a
 * {@link GrpcTokenSource} bean; a rejected token is dropped and the call tried once more.
 */
class CallCredentialsTests {

	private static final String CHANNEL = "grpc.client.channels.greeter.";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	private AuthCheckingBackend backend;

	@AfterEach
	void stopBackend() {
		if (this.backend != null) {
			this.backend.close();
		}
	}

	private String target() {
		return CHANNEL + "target=static://" + this.backend.address();
	}

	@Test
	void aFixedBearerTokenGoesWithEveryCall() {
		this.backend = AuthCheckingBackend.start("Bearer t0k3n"::equals);
		this.runner.withPropertyValues(target(), CHANNEL + "auth.bearer-token=t0k3n").run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			for (int i = 0; i < 3; i++) {
				assertThat(call(channels.channel("greeter")).getMessage()).isEqualTo("Hello test");
			}
			assertThat(this.backend.headers()).containsExactly("Bearer t0k3n", "Bearer t0k3n", "Bearer t0k3n");
		});
	}

	@Test
	void aTokenFromDefaultsGoesWithTheCallsOfEveryChannel() {
		this.backend = AuthCheckingBackend.start("Bearer shared"::equals);
		this.runner
			.withPropertyValues(target(), "grpc.client.defaults.auth.bearer-token=shared",
					"grpc.client.channels.other.target=static://" + this.backend.address())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				call(channels.channel("greeter"));
				call(channels.channel("other"));
				assertThat(this.backend.headers()).containsExactly("Bearer shared", "Bearer shared");
			});
	}

	@Test
	void basicCredentialsGoAsRfc7617Says() {
		String expected = "Basic "
				+ Base64.getEncoder().encodeToString("ada:pa55:wörd".getBytes(StandardCharsets.UTF_8));
		this.backend = AuthCheckingBackend.start(expected::equals);
		this.runner
			.withPropertyValues(target(), CHANNEL + "auth.basic.username=ada", CHANNEL + "auth.basic.password=pa55:wörd")
			.run((context) -> {
				call(context.getBean(GrpcChannels.class).channel("greeter"));
				assertThat(this.backend.headers()).containsExactly(expected);
			});
	}

	@Test
	void aTokenSourceBeanIsAskedOffTheTransportThreadsAndToldOfARejectedToken() {
		RotatingTokens tokens = new RotatingTokens();
		this.backend = AuthCheckingBackend.start((header) -> header.equals("Bearer " + tokens.accepted));
		this.runner.withBean("greeterTokens", GrpcTokenSource.class, () -> tokens)
			.withPropertyValues(target(), CHANNEL + "auth.token-source=greeterTokens")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				call(channels.channel("greeter"));
				call(channels.channel("greeter"));
				// The backend stops accepting token-1; the source hands out token-2 once told.
				tokens.accepted = "token-2";
				assertThat(call(channels.channel("greeter")).getMessage()).isEqualTo("Hello test");
				assertThat(this.backend.headers()).containsExactly("Bearer token-1", "Bearer token-1",
						"Bearer token-1", "Bearer token-2");
				assertThat(tokens.rejected).containsExactly("token-1");
				assertThat(tokens.threads).allSatisfy((thread) -> assertThat(thread).startsWith("grpc-default-executor"));
			});
	}

	@Test
	void aCallRejectedTwiceFailsAfterExactlyTwoAttempts() {
		this.backend = AuthCheckingBackend.start((header) -> false);
		this.runner.withPropertyValues(target(), CHANNEL + "auth.bearer-token=revoked").run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> call(channels.channel("greeter")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			assertThat(this.backend.attempts()).isEqualTo(2);
		});
	}

	@Test
	void aFailingTokenSourceFailsTheCallWithoutItsMessage() {
		this.backend = AuthCheckingBackend.start((header) -> true);
		GrpcTokenSource failing = () -> {
			throw new IllegalStateException("GET http://admin:s3cr3t@vault.example/token: 503");
		};
		this.runner.withBean("vaultTokens", GrpcTokenSource.class, () -> failing)
			.withPropertyValues(target(), CHANNEL + "auth.token-source=vaultTokens")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> call(channels.channel("greeter")))
					.satisfies((ex) -> {
						assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
						assertThat(ex.getStatus().getDescription()).contains("greeter")
							.contains("token-source (bean vaultTokens)")
							.contains("java.lang.IllegalStateException")
							.doesNotContain("s3cr3t");
					});
				assertThat(this.backend.attempts()).isZero();
			});
	}

	@Test
	void aRejectedClientStreamingCallIsNotTriedAgainButTheNextCallGetsAFreshToken() throws Exception {
		RotatingTokens tokens = new RotatingTokens();
		tokens.accepted = "token-2";
		MethodDescriptor<String, String> join = MethodDescriptor.<String, String>newBuilder()
			.setType(MethodDescriptor.MethodType.CLIENT_STREAMING)
			.setFullMethodName("test.Words/Join")
			.setRequestMarshaller(Words.MARSHALLER)
			.setResponseMarshaller(Words.MARSHALLER)
			.build();
		AtomicInteger attempts = new AtomicInteger();
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(ServerServiceDefinition.builder("test.Words")
				.addMethod(join, ServerCalls.asyncClientStreamingCall(Words::join))
				.build(), new ServerInterceptor() {
					@Override
					public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
							ServerCallHandler<Q, R> next) {
						attempts.incrementAndGet();
						if (!("Bearer " + tokens.accepted).equals(headers.get(AuthCheckingBackend.AUTHORIZATION))) {
							call.close(Status.UNAUTHENTICATED, new Metadata());
							return new ServerCall.Listener<>() {
							};
						}
						return next.startCall(call, headers);
					}
				}))
			.build()
			.start();
		try {
			this.runner.withBean("greeterTokens", GrpcTokenSource.class, () -> tokens)
				.withPropertyValues(CHANNEL + "target=static://127.0.0.1:" + server.getPort(),
						CHANNEL + "auth.token-source=greeterTokens")
				.run((context) -> {
					Channel channel = context.getBean(GrpcChannels.class).channel("greeter");
					assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> Words.join(channel, join))
						.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
					assertThat(attempts.get()).isEqualTo(1);
					assertThat(tokens.rejected).containsExactly("token-1");
					assertThat(Words.join(channel, join)).isEqualTo("a b");
					assertThat(attempts.get()).isEqualTo(2);
				});
		}
		finally {
			server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * A client-streaming method of plain strings: the client sends words, the server answers
	 * them joined.
	 */
	static final class Words {

		static final MethodDescriptor.Marshaller<String> MARSHALLER = new MethodDescriptor.Marshaller<>() {
			@Override
			public InputStream stream(String value) {
				return new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8));
			}

			@Override
			public String parse(InputStream stream) {
				try {
					return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
				}
				catch (IOException ex) {
					throw new UncheckedIOException(ex);
				}
			}
		};

		static StreamObserver<String> join(StreamObserver<String> responses) {
			List<String> words = new ArrayList<>();
			return new StreamObserver<>() {
				@Override
				public void onNext(String word) {
					words.add(word);
				}

				@Override
				public void onError(Throwable error) {
				}

				@Override
				public void onCompleted() {
					responses.onNext(String.join(" ", words));
					responses.onCompleted();
				}
			};
		}

		static String join(Channel channel, MethodDescriptor<String, String> method) throws Exception {
			CompletableFuture<String> joined = new CompletableFuture<>();
			StreamObserver<String> words = ClientCalls.asyncClientStreamingCall(
					channel.newCall(method, CallOptions.DEFAULT.withDeadlineAfter(10, TimeUnit.SECONDS)),
					new StreamObserver<>() {
						@Override
						public void onNext(String value) {
							joined.complete(value);
						}

						@Override
						public void onError(Throwable error) {
							joined.completeExceptionally(error);
						}

						@Override
						public void onCompleted() {
						}
					});
			words.onNext("a");
			words.onNext("b");
			words.onCompleted();
			try {
				return joined.get(20, TimeUnit.SECONDS);
			}
			catch (ExecutionException ex) {
				throw (ex.getCause() instanceof StatusRuntimeException status) ? status : ex;
			}
		}

	}

	/**
	 * Hands out token-1, and token-2 once told that token-1 was rejected.
	 */
	static final class RotatingTokens implements GrpcTokenSource {

		final List<String> rejected = Collections.synchronizedList(new ArrayList<>());

		final List<String> threads = Collections.synchronizedList(new ArrayList<>());

		/** The token the backend accepts. */
		volatile String accepted = "token-1";

		private final AtomicInteger generation = new AtomicInteger(1);

		@Override
		public String token() {
			this.threads.add(Thread.currentThread().getName());
			return "token-" + this.generation.get();
		}

		@Override
		public void rejected(String token) {
			this.rejected.add(token);
			this.generation.compareAndSet(Integer.parseInt(token.substring("token-".length())), this.generation.get() + 1);
		}

	}

}
