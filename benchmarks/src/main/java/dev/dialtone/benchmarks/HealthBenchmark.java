package dev.dialtone.benchmarks;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

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
import org.openjdk.jmh.infra.Blackhole;

import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcChannels;
import dev.dialtone.health.GrpcChannelsHealthContributor;
import dev.dialtone.test.TestDnsServer;

/**
 * What asking for health costs with many channels: the {@code grpcChannels} contributor alone
 * (every channel's indicator, as {@code /actuator/health/grpcChannels} asks them), and the whole
 * {@link HealthEndpoint#health()} with details, as {@code /actuator/health} does without HTTP.
 * Channels are idle (never called) or have had one call, so that they hold connections and their
 * load balancer has reported backends.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Fork(value = 2, jvmArgsAppend = "-Xmx1g")
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 5, time = 1)
public class HealthBenchmark {

	@Param({ "1", "100", "1000" })
	int channels;

	@Param({ "idle", "called" })
	String state;

	private LoopbackGreeters greeters;

	private TestDnsServer dns;

	private ConfigurableApplicationContext context;

	private GrpcChannelsHealthContributor contributor;

	private HealthEndpoint endpoint;

	@Setup(Level.Trial)
	public void start() throws InterruptedException {
		this.greeters = LoopbackGreeters.start(3);
		this.dns = new TestDnsServer();
		this.dns.setA(Channels.NAME, 60, this.greeters.hosts());
		Map<String, Object> properties = Channels.properties(this.channels, this.greeters, this.dns.port());
		properties.put("management.endpoint.health.show-details", "always");
		this.context = BenchmarkApplication.run(properties);
		this.contributor = this.context.getBean(GrpcChannelsHealthContributor.class);
		this.endpoint = this.context.getBean(HealthEndpoint.class);
		if (this.state.equals("called")
				&& !Channels.callEach(this.context.getBean(GrpcChannels.class), 3, Duration.ofSeconds(60))) {
			throw new IllegalStateException("Not every channel reached its 3 backends in 60 s");
		}
	}

	@TearDown(Level.Trial)
	public void stop() {
		this.context.close();
		this.greeters.close();
		this.dns.close();
	}

	@Benchmark
	public void grpcChannelsContributor(Blackhole blackhole) {
		this.contributor.stream()
			.forEach((entry) -> blackhole.consume(((HealthIndicator) entry.contributor()).health()));
	}

	@Benchmark
	public HealthDescriptor healthEndpoint() {
		return this.endpoint.health();
	}

}
