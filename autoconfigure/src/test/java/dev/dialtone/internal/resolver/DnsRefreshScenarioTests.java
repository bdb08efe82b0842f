package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.SteadyCalls;
import dev.dialtone.test.TestDnsServer;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.GreeterGrpc.GreeterBlockingStub;

import static dev.dialtone.test.GreeterCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A name whose backends come and go, resolved through a real DNS server on loopback: three
 * backends on 127.0.0.1, 127.0.0.2 and 127.0.0.3 with one port, as three hosts behind one name.
 */
class DnsRefreshScenarioTests {

	private static final String NAME = "greeter.test";

	private final TestDnsServer dns = new TestDnsServer();

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@BeforeEach
	void startBackends() {
		for (int attempt = 0; this.backends.isEmpty(); attempt++) {
			GreeterBackend first = GreeterBackend.start("a", new InetSocketAddress("127.0.0.1", 0));
			try {
				this.backends.add(first);
				for (String name : List.of("b", "c")) {
					String ip = "127.0.0." + (this.backends.size() + 1);
					this.backends.add(GreeterBackend.start(name, new InetSocketAddress(ip, first.port())));
				}
			}
			catch (IllegalStateException ex) {
				// The port is taken on another loopback address: try another one.
				this.backends.forEach(GreeterBackend::close);
				this.backends.clear();
				assertThat(attempt).as("attempts to find a port free on 127.0.0.1-3").isLessThan(5);
			}
		}
		this.dns.setA(NAME, 60, "127.0.0.1");
	}

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
		this.dns.close();
	}

	private ApplicationContextRunner channelWithRefresh(Duration refreshInterval) {
		return this.runner.withPropertyValues(
				"grpc.client.channels.greeter.target=dns:///" + NAME + ":" + this.backends.get(0).port(),
				"grpc.client.dns.servers=" + this.dns.address(),
				"grpc.client.channels.greeter.resolution.refresh-interval=" + refreshInterval.toMillis() + "ms",
				"grpc.client.channels.greeter.retry.enabled=true", "grpc.client.channels.greeter.retry.max-attempts=5");
	}

	@Test
	void backendsAddedBehindTheNameGetCallsWithinTheRefreshIntervalAndRemovedOnesFailNoCall() {
		channelWithRefresh(Duration.ofSeconds(1)).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channels.channel("greeter"));
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				greeter.sayHello(hello());
				return this.backends.get(0).calls() > 0;
			});
			this.dns.setA(NAME, 60, "127.0.0.1", "127.0.0.2", "127.0.0.3");
			long grown = System.nanoTime();
			// Refresh interval (1s, +10% jitter) plus one second.
			await().atMost(Duration.ofSeconds(2)).pollInterval(Duration.ofMillis(20)).until(() -> {
				greeter.sayHello(hello());
				return this.backends.stream().allMatch((backend) -> backend.calls() > 0);
			});
			System.out.println("Every backend had calls " + Duration.ofNanos(System.nanoTime() - grown).toMillis()
					+ " ms after the name grew");
			assertThat(failuresWhileTheNameShrinks(channels)).isZero();
			int a = this.backends.get(0).calls();
			for (int i = 0; i < 20; i++) {
				greeter.sayHello(hello());
			}
			assertThat(this.backends.get(0).calls()).isEqualTo(a + 20);
		});
	}

	@Test
	void withALongRefreshIntervalBackendsAddedBehindTheNameGetNoCalls() {
		channelWithRefresh(Duration.ofHours(1)).run((context) -> {
			GreeterBlockingStub greeter = GreeterGrpc
				.newBlockingStub(context.getBean(GrpcChannels.class).channel("greeter"));
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				greeter.sayHello(hello());
				return this.backends.get(0).calls() > 0;
			});
			this.dns.setA(NAME, 60, "127.0.0.1", "127.0.0.2", "127.0.0.3");
			await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4)).pollInterval(Duration.ofMillis(20))
				.until(() -> {
					greeter.sayHello(hello());
					return this.backends.get(1).calls() == 0 && this.backends.get(2).calls() == 0;
				});
		});
	}

	/**
	 * Sends 50 calls a second for three seconds, each held 50 ms by its backend. After one second the
	 * name shrinks to 127.0.0.1; half a second later the two backends taken out of it die.
	 */
	private int failuresWhileTheNameShrinks(GrpcChannels channels) throws Exception {
		return SteadyCalls.failures(channels.channel("greeter"), 150, Duration.ofMillis(20), Duration.ofMillis(50),
				Map.of(Duration.ofMillis(1000), () -> this.dns.setA(NAME, 60, "127.0.0.1"), Duration.ofMillis(1500),
						() -> {
							this.backends.get(1).kill();
							this.backends.get(2).kill();
						}));
	}

}
