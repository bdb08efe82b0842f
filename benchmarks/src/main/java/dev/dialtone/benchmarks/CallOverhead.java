package dev.dialtone.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.ByteString;
import com.sun.management.OperatingSystemMXBean;
import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.InsecureServerCredentials;
import io.grpc.ManagedChannel;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcClient;
import dev.dialtone.benchmarks.proto.BenchGrpc;
import dev.dialtone.benchmarks.proto.Payload;
import dev.dialtone.benchmarks.proto.RepeatRequest;

/**
 * What a call costs through a stub that Dialtone injected, beside the same call through a
 * {@link ManagedChannel} built by hand with the same settings, to one greeter-like backend on
 * 127.0.0.1 in the same JVM. Every trial starts the backend, a Spring Boot application with
 * Dialtone and Actuator, and the hand-built channel; {@code via} only chooses which one is
 * called, so both sides run in the same JVM with the same threads and heap.
 * <ul>
 * <li>{@code observations=on}: Actuator's {@link ObservationRegistry}, with its meter handler, and
 * Dialtone's channel observed by it, as an application gets them; the hand-built channel gets
 * Micrometer's {@link ObservationGrpcClientInterceptor} on the same registry. {@code off}:
 * {@code grpc.client.observations.enabled=false}, and no interceptor on the hand-built channel.
 * Dialtone's {@code grpc.client.call.attempts} summary is counted in both, since Actuator's
 * meter registry is there: it is part of what Dialtone adds.</li>
 * <li>{@code policy=deadline}: Dialtone's {@code deadline: 10s}; the hand-built channel a service
 * config {@code timeout} of 10 s. {@code retry}: retry on UNAVAILABLE with 3 attempts in both.</li>
 * </ul>
 * Run it with {@code java -jar benchmarks/target/benchmarks.jar CallOverhead -prof gc -rf csv -rff jmh-percall.csv}
 * and turn the result into {@code benchmarks/results/percall.csv} with {@link PerCallResults}.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = { "-Xmx1g", "-Xms1g" })
// 36 runs of about 25 s (with the JVM's and the application's start): about 15 minutes in all.
@Warmup(iterations = 2, time = 4)
@Measurement(iterations = 3, time = 4)
public class CallOverhead {

	/** Calls in flight in the throughput benchmarks. */
	static final int IN_FLIGHT = 64;

	/** Messages each streaming call receives. */
	static final int STREAM_MESSAGES = 16;

	private static final Payload PAYLOAD = Payload.newBuilder()
		.setBody(ByteString.copyFromUtf8("the same small request every time"))
		.build();

	private static final RepeatRequest REPEAT = RepeatRequest.newBuilder()
		.setPayload(PAYLOAD)
		.setCount(STREAM_MESSAGES)
		.build();

	@Param({ "off", "on" })
	public String observations;

	@Param({ "none", "deadline", "retry" })
	public String policy;

	// JMH varies the parameters in the order of their names, the last one fastest: named so that the
	// two channels of one variant are measured one right after the other, under the same load.
	@Param({ "dialtone", "handbuilt" })
	public String via;

	private Server server;

	private ConfigurableApplicationContext context;

	private ManagedChannel handBuilt;

	private BenchGrpc.BenchStub async;

	private BenchGrpc.BenchBlockingStub blocking;

	private final Semaphore inFlight = new Semaphore(IN_FLIGHT);

	private final AtomicReference<Throwable> failure = new AtomicReference<>();

	// Calls completed, and the process's CPU time, since the iteration started.
	private final AtomicLong completed = new AtomicLong();

	private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

	private long cpuAtStart;

	private final StreamObserver<Payload> release = new StreamObserver<>() {

		@Override
		public void onNext(Payload value) {
		}

		@Override
		public void onError(Throwable error) {
			CallOverhead.this.completed.incrementAndGet();
			CallOverhead.this.failure.compareAndSet(null, error);
			CallOverhead.this.inFlight.release();
		}

		@Override
		public void onCompleted() {
			CallOverhead.this.completed.incrementAndGet();
			CallOverhead.this.inFlight.release();
		}

	};

	@Setup(Level.Trial)
	public void start() throws IOException {
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
			.addService(new BenchService())
			// The service never blocks: answering on the transport's thread spares a hop per call.
			.directExecutor()
			.build()
			.start();
		this.context = BenchmarkApplication.run(dialtoneProperties(), Stubs.class);
		ManagedChannelBuilder<?> builder = Grpc
			.newChannelBuilder("127.0.0.1:" + this.server.getPort(), InsecureChannelCredentials.create())
			.defaultServiceConfig(handBuiltServiceConfig())
			.disableServiceConfigLookUp();
		if ("retry".equals(this.policy)) {
			builder.enableRetry();
		}
		if ("on".equals(this.observations)) {
			builder.intercept(new ObservationGrpcClientInterceptor(this.context.getBean(ObservationRegistry.class)));
		}
		this.handBuilt = builder.build();
		Stubs stubs = this.context.getBean(Stubs.class);
		if ("dialtone".equals(this.via)) {
			this.async = stubs.async;
			this.blocking = stubs.blocking;
		}
		else {
			this.async = BenchGrpc.newStub(this.handBuilt);
			this.blocking = BenchGrpc.newBlockingStub(this.handBuilt);
		}
		// Both channels connected before anything is timed.
		stubs.blocking.echo(PAYLOAD);
		BenchGrpc.newBlockingStub(this.handBuilt).echo(PAYLOAD);
		if ("on".equals(this.observations) && this.context.getBean(MeterRegistry.class).find("grpc.client").timer() == null) {
			throw new IllegalStateException("observations=on, but no grpc.client timer was registered");
		}
	}

	@Setup(Level.Iteration)
	public void startCounting() {
		this.completed.set(0);
		this.cpuAtStart = this.os.getProcessCpuTime();
	}

	/**
	 * Prints the CPU time the whole process (client, backend, Spring) spent per completed call in
	 * the iteration: unlike calls per second, it hardly depends on what else the machine's cores run.
	 */
	@TearDown(Level.Iteration)
	public void printCpuPerCall() {
		long cpu = this.os.getProcessCpuTime() - this.cpuAtStart;
		long calls = this.completed.get();
		if (calls > 0) {
			System.out.printf(Locale.ROOT, "cpu_us_per_call %s %s %s %.2f (%d calls)%n", this.observations, this.policy,
					this.via, cpu / 1000.0 / calls, calls);
		}
	}

	@TearDown(Level.Trial)
	public void stop() throws InterruptedException {
		try {
			if (!this.inFlight.tryAcquire(IN_FLIGHT, 30, TimeUnit.SECONDS)) {
				throw new IllegalStateException("Calls still in flight after 30 s");
			}
			if (this.failure.get() != null) {
				throw new IllegalStateException("A call failed", this.failure.get());
			}
		}
		finally {
			this.handBuilt.shutdownNow();
			this.context.close();
			this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
		}
	}

	/** Unary calls per second, 64 in flight. */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public void unary() throws InterruptedException {
		this.inFlight.acquire();
		this.async.echo(PAYLOAD, this.release);
	}

	/** Server-streaming calls (16 replies each) per second, 64 in flight. */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public void stream() throws InterruptedException {
		this.inFlight.acquire();
		this.async.repeat(REPEAT, this.release);
	}

	/** The time of one unary call, one at a time: the percentiles of SampleTime. */
	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public Payload unaryLatency() {
		Payload reply = this.blocking.echo(PAYLOAD);
		this.completed.incrementAndGet();
		return reply;
	}

	private Map<String, Object> dialtoneProperties() {
		Map<String, Object> properties = new LinkedHashMap<>();
		String prefix = "grpc.client.channels.greeter.";
		properties.put(prefix + "target", "static://127.0.0.1:" + this.server.getPort());
		properties.put(prefix + "lb-policy", "round_robin");
		properties.put("grpc.client.observations.enabled", "on".equals(this.observations));
		if ("deadline".equals(this.policy)) {
			properties.put(prefix + "deadline", "10s");
		}
		if ("retry".equals(this.policy)) {
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
	private Map<String, Object> handBuiltServiceConfig() {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("loadBalancingConfig", List.of(Map.of("round_robin", Map.of())));
		if ("deadline".equals(this.policy)) {
			config.put("methodConfig", List.of(Map.of("name", List.of(Map.of()), "timeout", "10s")));
		}
		if ("retry".equals(this.policy)) {
			config.put("methodConfig",
					List.of(Map.of("name", List.of(Map.of()), "retryPolicy",
							Map.of("maxAttempts", 3.0, "initialBackoff", "0.1s", "maxBackoff", "1s", "backoffMultiplier",
									2.0, "retryableStatusCodes", List.of("UNAVAILABLE")))));
		}
		return config;
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
