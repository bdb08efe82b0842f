package dev.dialtone.benchmarks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.management.OperatingSystemMXBean;
import io.grpc.stub.StreamObserver;
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

import dev.dialtone.benchmarks.proto.BenchGrpc;
import dev.dialtone.benchmarks.proto.Payload;

/**
 * What a call costs through a stub that Dialtone injected, beside the same call through a
 * {@code ManagedChannel} built by hand with the same settings, to one greeter-like backend on
 * 127.0.0.1 in the same JVM. Every trial starts the backend, a Spring Boot application with
 * Dialtone and Actuator, and the hand-built channel; {@code via} only chooses which one is
 * called, so both sides run in the same JVM with the same threads and heap.
 * <p>
 * The variants ({@code observations}, {@code policy}) are those of {@link CallSetup}. Between forks
 * the same channel's times can differ by more than the two channels differ: {@link PairedCalls}
 * measures the ratio with both channels in every round of one JVM.
 * <p>
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

	@Param({ "off", "on" })
	public String observations;

	@Param({ "none", "deadline", "retry" })
	public String policy;

	// JMH varies the parameters in the order of their names, the last one fastest: named so that the
	// two channels of one variant are measured one right after the other, under the same load.
	@Param({ "dialtone", "handbuilt" })
	public String via;

	private CallSetup setup;

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
		this.setup = new CallSetup("on".equals(this.observations), this.policy);
		boolean dialtone = "dialtone".equals(this.via);
		this.async = dialtone ? this.setup.dialtoneAsync() : this.setup.handBuiltAsync();
		this.blocking = dialtone ? this.setup.dialtoneBlocking() : this.setup.handBuiltBlocking();
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
			this.setup.close();
		}
	}

	/** Unary calls per second, 64 in flight. */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public void unary() throws InterruptedException {
		this.inFlight.acquire();
		this.async.echo(CallSetup.PAYLOAD, this.release);
	}

	/** Server-streaming calls (16 replies each) per second, 64 in flight. */
	@Benchmark
	@BenchmarkMode(Mode.Throughput)
	@OutputTimeUnit(TimeUnit.SECONDS)
	public void stream() throws InterruptedException {
		this.inFlight.acquire();
		this.async.repeat(CallSetup.REPEAT, this.release);
	}

	/** The time of one unary call, one at a time: the percentiles of SampleTime. */
	@Benchmark
	@BenchmarkMode(Mode.SampleTime)
	@OutputTimeUnit(TimeUnit.MICROSECONDS)
	public Payload unaryLatency() {
		Payload reply = this.blocking.echo(CallSetup.PAYLOAD);
		this.completed.incrementAndGet();
		return reply;
	}

}
