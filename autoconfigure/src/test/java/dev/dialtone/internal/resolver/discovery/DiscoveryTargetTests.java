package dev.dialtone.internal.resolver.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import io.grpc.NameResolverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration;
import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration;
import org.springframework.cloud.commons.util.UtilAutoConfiguration;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.autoconfigure.discovery.GrpcClientDiscoveryAutoConfiguration;
import dev.dialtone.internal.resolver.RefreshSchedule;
import dev.dialtone.test.ChangingDiscoveryClient;
import dev.dialtone.test.FixedNameResolverProvider;
import dev.dialtone.test.GreeterBackend;

import static dev.dialtone.test.GreeterCalls.callWhenReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code discovery:///service-id} targets, resolved through Spring Cloud's {@link DiscoveryClient}
 * to real backends on loopback: every instance gets calls, the registry's heartbeat brings added
 * and removed instances to the channel long before its refresh interval, {@code grpc.port}
 * metadata wins over the registered port, and a failing or empty registry keeps the backends the
 * channel has.
 */
class DiscoveryTargetTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ChangingDiscoveryClient registry = new ChangingDiscoveryClient();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcClientDiscoveryAutoConfiguration.class))
		// A refresh interval no test waits for: only heartbeats and grpc-java's refresh() resolve again.
		.withPropertyValues("grpc.client.channels.greeter.target=discovery:///greeter",
				"grpc.client.resolution.refresh-interval=1h", "grpc.client.resolution.min-interval=50ms");

	private final ApplicationContextRunner withRegistry = this.runner.withBean(DiscoveryClient.class,
			() -> this.registry);

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
	}

	private GreeterBackend backend(String name) {
		GreeterBackend backend = GreeterBackend.start(name);
		this.backends.add(backend);
		return backend;
	}

	/**
	 * The backend that answers a call on the channel every test configures.
	 */
	private static String backendOf(AssertableApplicationContext context) {
		return callWhenReady(context.getBean(GrpcChannels.class).channel("greeter")).getBackend();
	}

	private static Set<String> backendsOf(AssertableApplicationContext context, int calls) {
		Set<String> seen = new HashSet<>();
		for (int i = 0; i < calls; i++) {
			seen.add(backendOf(context));
		}
		return seen;
	}

	@Test
	void callsReachEveryInstanceOfTheSimpleDiscoveryClient() {
		GreeterBackend one = backend("one");
		GreeterBackend two = backend("two");
		GreeterBackend three = backend("three");
		List<String> properties = new ArrayList<>();
		List<GreeterBackend> all = List.of(one, two, three);
		for (int i = 0; i < all.size(); i++) {
			properties.add("spring.cloud.discovery.client.simple.instances.greeter[" + i + "].uri=http://"
					+ all.get(i).address());
		}
		this.runner
			.withConfiguration(AutoConfigurations.of(UtilAutoConfiguration.class,
					SimpleDiscoveryClientAutoConfiguration.class, CompositeDiscoveryClientAutoConfiguration.class))
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> await().atMost(WAIT)
				.until(() -> backendsOf(context, 30), (seen) -> seen.equals(Set.of("one", "two", "three"))));
	}

	@Test
	void aHeartbeatBringsAnAddedInstanceAndDropsARemovedOne() {
		GreeterBackend first = backend("first");
		GreeterBackend second = backend("second");
		this.registry.add("greeter", first);
		this.withRegistry.run((context) -> {
			assertThat(backendOf(context)).isEqualTo("first");
			this.registry.add("greeter", second);
			context.publishEvent(new HeartbeatEvent(this.registry, 1));
			await().atMost(WAIT).until(() -> backendsOf(context, 10).contains("second"));
			this.registry.remove("greeter", first);
			context.publishEvent(new HeartbeatEvent(this.registry, 2));
			await().atMost(WAIT).until(() -> backendsOf(context, 20), (seen) -> seen.equals(Set.of("second")));
			int callsOfFirst = first.calls();
			assertThat(backendsOf(context, 30)).containsOnly("second");
			assertThat(first.calls()).isEqualTo(callsOfFirst);
		});
	}

	@Test
	void theRefreshIntervalBringsAnAddedInstanceWithoutAHeartbeat() {
		GreeterBackend first = backend("first");
		GreeterBackend second = backend("second");
		this.registry.add("greeter", first);
		this.withRegistry.withPropertyValues("grpc.client.channels.greeter.resolution.refresh-interval=200ms")
			.run((context) -> {
				assertThat(backendOf(context)).isEqualTo("first");
				this.registry.add("greeter", second);
				await().atMost(WAIT).until(() -> backendsOf(context, 10).contains("second"));
			});
	}

	@Test
	void theGrpcPortInMetadataWinsOverTheRegisteredPort() {
		GreeterBackend http = backend("registered-port");
		GreeterBackend grpc = backend("grpc-port");
		GreeterBackend other = backend("grpc-port-other-starters");
		this.registry.add("greeter", "127.0.0.1", http.port(), Map.of("grpc.port", String.valueOf(grpc.port())));
		this.registry.add("greeter", "127.0.0.1", http.port() + 0, Map.of("gRPC_port", String.valueOf(other.port()),
				"zone", "b"));
		this.withRegistry.run((context) -> {
			// round_robin may send the first calls to the one backend connected first on a busy machine.
			await().atMost(WAIT)
				.untilAsserted(() -> assertThat(backendsOf(context, 30)).containsOnly("grpc-port",
						"grpc-port-other-starters"));
			assertThat(http.calls()).isZero();
		});
	}

	@Test
	void aFailingOrEmptyRegistryKeepsTheLastAddresses() {
		GreeterBackend backend = backend("only");
		this.registry.add("greeter", backend);
		// round_robin would itself keep its backends on a bad resolution; pick_first would not.
		this.withRegistry.withPropertyValues("grpc.client.channels.greeter.lb-policy=pick_first").run((context) -> {
			assertThat(backendOf(context)).isEqualTo("only");
			this.registry.fail(new IllegalStateException("registry unreachable"));
			awaitLookupAfterHeartbeat(context, 1);
			await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> backendOf(context).equals("only"));
			this.registry.fail(null);
			this.registry.remove("greeter", backend);
			awaitLookupAfterHeartbeat(context, 2);
			await().during(Duration.ofMillis(500)).atMost(WAIT).until(() -> backendOf(context).equals("only"));
		});
	}

	private void awaitLookupAfterHeartbeat(AssertableApplicationContext context, int beat) {
		int lookups = this.registry.lookups();
		context.publishEvent(new HeartbeatEvent(this.registry, beat));
		await().atMost(WAIT).until(() -> this.registry.lookups() > lookups);
	}

	@Test
	void theRegistryIsAskedOnDialtonesDiscoveryThreadsOnly() {
		this.registry.add("greeter", backend("only"));
		this.withRegistry.run((context) -> {
			assertThat(backendOf(context)).isEqualTo("only");
			awaitLookupAfterHeartbeat(context, 1);
			assertThat(this.registry.threads()).isNotEmpty()
				.allSatisfy((thread) -> assertThat(thread).startsWith("dialtone-discovery-call-"));
		});
	}

	@Test
	void aRegistryCallThatThrowsAnErrorIsAFailedLookupAndLookupsGoOn() {
		this.registry.add("greeter", backend("a"));
		this.withRegistry.run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			assertThat(backendOf(context)).isEqualTo("a");
			this.registry.fail("greeter", new NoClassDefFoundError("a class the registry client needs"));
			awaitLookupAfterHeartbeat(context, 1);
			await().atMost(WAIT).until(() -> channels.activity("greeter").resolutionFailures() > 0);
			assertThat(channels.activity("greeter").lastResolutionError())
				.isEqualTo("UNAVAILABLE: Discovery of greeter failed: error (java.lang.NoClassDefFoundError)");
			this.registry.fail("greeter", null);
			this.registry.add("greeter", backend("b"));
			context.publishEvent(new HeartbeatEvent(this.registry, 2));
			await().atMost(WAIT).until(() -> backendsOf(context, 10).equals(Set.of("a", "b")));
		});
	}

	@Test
	@ExtendWith(OutputCaptureExtension.class)
	void aRegistryCallThatHangsHoldsUpNoOtherChannelAndTimesOut(CapturedOutput output) {
		this.registry.add("greeter", backend("a"));
		CountDownLatch hang = this.registry.hang("stuck");
		this.withRegistry.withPropertyValues("grpc.client.channels.stuck.target=discovery:///stuck").run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			try {
				channels.channel("stuck").getState(true);
				await().atMost(WAIT).until(() -> this.registry.lookups() >= 1);
				assertThat(backendOf(context)).isEqualTo("a");
				// The lookup of "stuck" blocks a thread; "greeter" is looked up again on every heartbeat.
				this.registry.add("greeter", backend("b"));
				context.publishEvent(new HeartbeatEvent(this.registry, 1));
				await().atMost(WAIT).until(() -> backendsOf(context, 10).equals(Set.of("a", "b")));
				await().atMost(RefreshSchedule.LOOKUP_TIMEOUT.plus(WAIT))
					.until(() -> channels.activity("stuck").resolutionFailures() > 0);
				// Read from the log: a refresh grpc-java asks for at once may find the interrupted call
				// not yet returned, and overwrite lastError with that.
				assertThat(output).contains("Discovery of stuck failed: no answer within "
						+ RefreshSchedule.LOOKUP_TIMEOUT.toMillis() + " ms");
			}
			finally {
				hang.countDown();
			}
		});
	}

	@Test
	void aResolverBeanForTheDiscoverySchemeWins() {
		GreeterBackend inRegistry = backend("in-registry");
		GreeterBackend ofBean = backend("of-bean");
		this.registry.add("greeter", inRegistry);
		this.withRegistry
			.withBean(NameResolverProvider.class,
					() -> new FixedNameResolverProvider("discovery",
							new InetSocketAddress("127.0.0.1", ofBean.port())))
			.run((context) -> assertThat(backendsOf(context, 10)).containsOnly("of-bean"));
	}

	@Test
	void aTargetWithoutAServiceIdStopsTheStart() {
		this.withRegistry.withPropertyValues("grpc.client.channels.greeter.target=discovery://greeter")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("grpc.client.channels.greeter.target");
					assertThat(ex.getAllowed()).contains("discovery:///service-id");
				}));
	}

	@Test
	void withoutSpringCloudCommonsChannelsAreUnchangedAndADiscoveryTargetSaysWhatToAdd() {
		GreeterBackend backend = backend("static");
		ApplicationContextRunner withoutCommons = this.withRegistry
			.withClassLoader(new FilteredClassLoader("org.springframework.cloud"));
		withoutCommons.withPropertyValues("grpc.client.channels.greeter.target=static://" + backend.address())
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(DiscoveryResolution.class);
				assertThat(backendOf(context)).isEqualTo("static");
			});
		withoutCommons.run((context) -> assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class, (ex) -> {
				assertThat(ex.getProperty()).isEqualTo("grpc.client.channels.greeter.target");
				assertThat(ex.getAllowed()).doesNotContain("discovery,", "discovery]")
					.contains("org.springframework.cloud:spring-cloud-commons");
			}));
	}

	@Test
	void withSpringCloudCommonsButNoDiscoveryClientADiscoveryTargetSaysWhatToAdd() {
		this.runner.run((context) -> assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class,
					(ex) -> assertThat(ex.getAllowed()).contains("needs a DiscoveryClient bean")));
	}

}
