package dev.dialtone.discovery;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.grpc.Channel;
import org.apache.curator.test.InstanceSpec;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.cloud.zookeeper.discovery.ZookeeperDiscoveryClient;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.GreeterCalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code discovery:///greeter} against a real ZooKeeper server, through Spring Cloud Zookeeper's
 * discovery client, in a whole Spring Boot application with a web server. The refresh interval is
 * an hour, so only the registry's own events can bring an added or removed instance to the
 * channel: Spring Cloud Zookeeper watches {@code /services} once the application has registered
 * itself, which it does when its web server has started, and publishes a {@code HeartbeatEvent} on
 * every change there.
 * <p>
 * The application is started here rather than by the test framework, so that it is closed before
 * the ZooKeeper server stops, and its ZooKeeper session ends while the server can still hear it.
 */
class ZooKeeperDiscoveryTests {

	private static final Duration WAIT = Duration.ofSeconds(20);

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final List<RegisteredInstance> instances = new ArrayList<>();

	private TestingServer zooKeeper;

	@BeforeEach
	void startZooKeeper() throws Exception {
		// On loopback only, on a free port.
		InstanceSpec spec = new InstanceSpec(null, -1, -1, -1, true, -1, -1, -1,
				Map.of("clientPortAddress", "127.0.0.1"), "127.0.0.1");
		this.zooKeeper = new TestingServer(spec, true);
	}

	@AfterEach
	void stop() throws Exception {
		for (RegisteredInstance instance : this.instances) {
			instance.close();
		}
		for (GreeterBackend backend : this.backends) {
			backend.close();
		}
		this.zooKeeper.close();
	}

	@Test
	void instancesAddedToAndRemovedFromZooKeeperReachTheChannel() {
		GreeterBackend first = start("one");
		RegisteredInstance one = register(first);
		register(start("two"));
		try (ConfigurableApplicationContext context = startApplication()) {
			Channel channel = context.getBean(GrpcChannels.class).channel("greeter");
			assertThat(context.getBean(ZookeeperDiscoveryClient.class).getInstances("greeter")).hasSize(2);
			await().atMost(WAIT).until(() -> backendsOf(channel, 20), (seen) -> seen.equals(Set.of("one", "two")));

			register(start("three"));
			await().atMost(WAIT).until(() -> backendsOf(channel, 10).contains("three"));

			one.deregister();
			await().atMost(WAIT)
				.until(() -> backendsOf(channel, 20), (seen) -> seen.equals(Set.of("two", "three")));
			int callsOfFirst = first.calls();
			assertThat(backendsOf(channel, 30)).containsOnly("two", "three");
			assertThat(first.calls()).isEqualTo(callsOfFirst);
		}
	}

	private ConfigurableApplicationContext startApplication() {
		return new SpringApplicationBuilder(GreeterClientApplication.class).main(GreeterClientApplication.class)
			.properties("server.address=127.0.0.1", "server.port=0", "spring.application.name=greeter-client",
					"spring.cloud.zookeeper.connect-string=" + this.zooKeeper.getConnectString(),
					"spring.cloud.zookeeper.discovery.instance-host=127.0.0.1",
					"grpc.client.channels.greeter.target=discovery:///greeter",
					"grpc.client.resolution.refresh-interval=1h", "grpc.client.resolution.min-interval=50ms",
					// grpc-java keeps the connection to a removed backend 5s for its calls in flight,
					// and a channel shut down meanwhile waits for it; no call is in flight here.
					"grpc.client.channels.greeter.shutdown-grace-period=200ms")
			.run();
	}

	private GreeterBackend start(String name) {
		GreeterBackend backend = GreeterBackend.start(name);
		this.backends.add(backend);
		return backend;
	}

	private RegisteredInstance register(GreeterBackend backend) {
		RegisteredInstance instance = RegisteredInstance.register(this.zooKeeper.getConnectString(), "greeter",
				backend.port());
		this.instances.add(instance);
		return instance;
	}

	private static Set<String> backendsOf(Channel channel, int calls) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < calls; i++) {
			seen.add(GreeterCalls.callWhenReady(channel).getBackend());
		}
		return seen;
	}

	/** A client application: Dialtone, Spring Cloud Zookeeper and a web server, nothing of its own. */
	@SpringBootApplication
	static class GreeterClientApplication {

	}

}
