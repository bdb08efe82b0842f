package dev.dialtone.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.google.protobuf.ByteString;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.MethodDescriptor;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.netty.shaded.io.netty.channel.EventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.ServerChannel;
import io.grpc.netty.shaded.io.netty.channel.epoll.Epoll;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.epoll.EpollServerSocketChannel;
import io.grpc.netty.shaded.io.netty.channel.nio.NioEventLoopGroup;
import io.grpc.netty.shaded.io.netty.channel.socket.nio.NioServerSocketChannel;
import io.grpc.netty.shaded.io.netty.util.concurrent.DefaultThreadFactory;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcClient;
import dev.dialtone.benchmarks.proto.BenchGrpc;
import dev.dialtone.benchmarks.proto.Payload;
import dev.dialtone.benchmarks.proto.RepeatRequest;

/**
 * One loopback backend, a Spring Boot application with Dialtone and Actuator whose channel
 * {@code greeter} calls it, and beside it a {@link ManagedChannel} built by hand with the same
 * settings, all in this JVM: what {@link CallOverhead} and {@link PairedCalls} compare.
 * <ul>
 * <li>{@code observations=on}: Actuator's {@link ObservationRegistry}, with its meter handler, and
 * Dialtone's channel observed by it, as an application gets them; the hand-built channel gets
 * Micrometer's {@link ObservationGrpcClientInterceptor} on the same registry. {@code off}:
 * {@code grpc.client.observations.enabled=false}, and no interceptor on the hand-built channel.
 * Dialtone's {@code grpc.client.call.attempts} summary is counted in both, since Actuator's
 * meter registry is there: it is part of what Dialtone adds.</li>
 * <li>{@code policy=deadline}: Dialtone's {@code deadline: 10s}; the hand-built channel a service
 * config {@code timeout} of 10 s. {@code deadline-interceptor}: the same for Dialtone, and the
 * hand-built channel gets its 10 s from an interceptor on the call's options ({@link DefaultDeadline}),
 * as Dialtone did before it set the deadline where a call enters the channel. {@code retry}: retry on UNAVAILABLE with 3 attempts in both.</li>
 * </ul>
 * Both channels have made one call, so are connected, when the constructor returns.
 * <p>
 * The backend has event loops of its own, as a backend in another process would. On grpc-netty's
 * default event loops, which a server and the channels of the same JVM share, a connection whose
 * client and server ends happened to land on the same loop thread answered a call without the two
 * hand-offs between threads the other connection paid for: in 3 JVMs out of 8 the hand-built
 * channel's did, and ran 10 to 15% faster for it, which is nothing either channel does.
 */
final class CallSetup implements AutoCloseable {

	/** Messages each streaming call receives. */
	static final int STREAM_MESSAGES = 16;

	static final Payload PAYLOAD = Payload.newBuilder()
		.setBody(ByteString.copyFromUtf8("the same small request every time"))
		.build();

	static final RepeatRequest REPEAT = RepeatRequest.newBuilder()
		.setPayload(PAYLOAD)
		.setCount(STREAM_MESSAGES)
		.build();

	private final EventLoopGroup backendLoops;

	private final Server server;

	private final ConfigurableApplicationContext context;

	private final ManagedChannel handBuilt;

	private final Stubs dialtone;

	private final String policy;

	// observations=cost: the same application with observations off, started when first asked for.
	private ConfigurableApplicationContext unobserved;

	CallSetup(boolean observations, String policy) throws IOException {
		if (!List.of("none", "deadline", "deadline-interceptor", "retry").contains(policy)) {
			throw new IllegalArgumentException(
					"policy=" + policy + "; known: none, deadline, deadline-interceptor, retry");
		}
		boolean epoll = Epoll.isAvailable();
		// As many threads as grpc-netty's default: twice the cores.
		this.backendLoops = epoll ? new EpollEventLoopGroup(0, new DefaultThreadFactory("backend", true))
				: new NioEventLoopGroup(0, new DefaultThreadFactory("backend", true));
		Class<? extends ServerChannel> channelType = epoll ? EpollServerSocketChannel.class
				: NioServerSocketChannel.class;
		this.server = NettyServerBuilder
			.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
			.bossEventLoopGroup(this.backendLoops)
			.workerEventLoopGroup(this.backendLoops)
			.channelType(channelType)
			.addService(new BenchService())
			// The service never blocks: answering on the transport's thread spares a hop per call.
			.directExecutor()
			.build()
			.start();
		this.context = BenchmarkApplication.run(dialtoneProperties(this.server.getPort(), observations, policy),
				Stubs.class);
		ManagedChannelBuilder<?> builder = Grpc
			.newChannelBuilder("127.0.0.1:" + this.server.getPort(), InsecureChannelCredentials.create())
			.defaultServiceConfig(handBuiltServiceConfig(policy))
			.disableServiceConfigLookUp();
		if ("retry".equals(policy)) {
			builder.enableRetry();
		}
		if ("deadline-interceptor".equals(policy)) {
			builder.intercept(new DefaultDeadline());
		}
		if (observations) {
			builder.intercept(new ObservationGrpcClientInterceptor(this.context.getBean(ObservationRegistry.class)));
		}
		this.handBuilt = builder.build();
		this.dialtone = this.context.getBean(Stubs.class);
		this.policy = policy;
		// Both channels connected before anything is timed.
		this.dialtone.blocking.echo(PAYLOAD);
		handBuiltBlocking().echo(PAYLOAD);
		if (observations && this.context.getBean(MeterRegistry.class).find("grpc.client").timer() == null) {
			throw new IllegalStateException("observations=on, but no grpc.client timer was registered");
		}
	}

	BenchGrpc.BenchStub dialtoneAsync() {
		return this.dialtone.async;
	}

	BenchGrpc.BenchBlockingStub dialtoneBlocking() {
		return this.dialtone.blocking;
	}

	/**
	 * Dialtone's stubs in a second application on the same backend and with the same channel, but
	 * {@code grpc.client.observations.enabled=false}; connected when this returns. With
	 * {@code observations=true}, what observing costs is the difference between this and
	 * {@link #dialtoneBlocking()}, measured in the same JVM.
	 */
	Stubs unobservedDialtone() {
		if (this.unobserved == null) {
			this.unobserved = BenchmarkApplication.run(dialtoneProperties(this.server.getPort(), false, this.policy),
					Stubs.class);
			this.unobserved.getBean(Stubs.class).blocking.echo(PAYLOAD);
		}
		return this.unobserved.getBean(Stubs.class);
	}

	BenchGrpc.BenchStub handBuiltAsync() {
		return BenchGrpc.newStub(this.handBuilt);
	}

	BenchGrpc.BenchBlockingStub handBuiltBlocking() {
		return BenchGrpc.newBlockingStub(this.handBuilt);
	}

	@Override
	public void close() throws InterruptedException {
		try {
			this.handBuilt.shutdownNow();
			this.context.close();
			if (this.unobserved != null) {
				this.unobserved.close();
			}
		}
		finally {
			this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
			this.backendLoops.shutdownGracefully(0, 0, TimeUnit.SECONDS).await(10, TimeUnit.SECONDS);
		}
	}

	private static Map<String, Object> dialtoneProperties(int port, boolean observations, String policy) {
		Map<String, Object> properties = new LinkedHashMap<>();
		String prefix = "grpc.client.channels.greeter.";
		properties.put(prefix + "target", "static://127.0.0.1:" + port);
		properties.put(prefix + "lb-policy", "round_robin");
		properties.put("grpc.client.observations.enabled", observations);
		if (policy.startsWith("deadline")) {
			properties.put(prefix + "deadline", "10s");
		}
		if ("retry".equals(policy)) {
			properties.put(prefix + "retry.enabled", "true");
			properties.put(prefix + "retry.max-attempts", "3");
			properties.put(prefix + "retry.initial-backoff", "100ms");
			properties.put(prefix + "retry.max-backoff", "1s");
			properties.put(prefix + "retry.backoff-multiplier", "2.0");
			properties.put(prefix + "retry.retryable-status-codes", "UNAVAILABLE");
		}
		return properties;
	}

	/** What Dialtone's channel runs, without its observing lb policy: the service config written by hand. */
	private static Map<String, Object> handBuiltServiceConfig(String policy) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())));
		if ("deadline".equals(policy)) {
			config.put("methodConfig", List.of(Map.of("name", List.of(Map.of()), "timeout", "10s")));
		}
		if ("retry".equals(policy)) {
			config.put("methodConfig",
					List.of(Map.of("name", List.of(Map.of()), "retryPolicy",
							Map.of("maxAttempts", 3.0, "initialBackoff", "0.1s", "maxBackoff", "1s", "backoffMultiplier",
									2.0, "retryableStatusCodes", List.of("UNAVAILABLE")))));
		}
		return config;
	}

	/**
	 * {@code policy=deadline-interceptor}: the hand-built channel gets its 10 s on the call's options in
	 * an interceptor, as Dialtone did before, instead of from a service-config {@code timeout}.
	 */
	static final class DefaultDeadline implements ClientInterceptor {

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
				Channel next) {
			return next.newCall(method,
					(callOptions.getDeadline() != null) ? callOptions : callOptions.withDeadlineAfter(10, TimeUnit.SECONDS));
		}

	}

	/** The stubs Dialtone injects, as an application's bean gets them. */
	static class Stubs {

		final BenchGrpc.BenchStub async;

		final BenchGrpc.BenchBlockingStub blocking;

		Stubs(@GrpcClient("greeter") BenchGrpc.BenchStub async,
				@GrpcClient("greeter") BenchGrpc.BenchBlockingStub blocking) {
			this.async = async;
			this.blocking = blocking;
		}

	}

	static final class BenchService extends BenchGrpc.BenchImplBase {

		@Override
		public void echo(Payload request, StreamObserver<Payload> responses) {
			responses.onNext(request);
			responses.onCompleted();
		}

		@Override
		public void repeat(RepeatRequest request, StreamObserver<Payload> responses) {
			for (int i = 0; i < request.getCount(); i++) {
				responses.onNext(request.getPayload());
			}
			responses.onCompleted();
		}

	}

}
