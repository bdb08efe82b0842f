package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import io.grpc.Grpc;
import io.grpc.InsecureChannelCredentials;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.internal.channel.ManagedGrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.test.FixedNameResolverProvider;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.TestDnsServer;

import static dev.dialtone.test.GreeterCalls.callWhenReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * Which resolver a channel's target gets: Dialtone's DNS resolver, an application's
 * {@link NameResolverProvider} bean, registered for Dialtone's channels only, and a clear failure
 * at startup for a scheme nothing handles.
 */
class NameResolutionWiringTests {

	private final TestDnsServer dns = new TestDnsServer();

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
		this.dns.close();
	}

	private GreeterBackend backend(String name) {
		GreeterBackend backend = GreeterBackend.start(name);
		this.backends.add(backend);
		return backend;
	}

	@Test
	void failedLookupsAreCountedEvenWhileTheChannelKeepsItsAddresses() {
		GreeterBackend backend = backend("kept");
		this.dns.setA("kept.greeter.test", 1, "127.0.0.1");
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=dns:///kept.greeter.test:" + backend.port(),
					"grpc.client.dns.servers=" + this.dns.address(), "grpc.client.resolution.min-interval=100ms",
					"grpc.client.channels.greeter.resolution.refresh-interval=200ms")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(callWhenReady(channels.channel("greeter")).getBackend()).isEqualTo("kept");
				assertThat(channels.activity("greeter").resolutionFailures()).isZero();
				this.dns.setMode(TestDnsServer.Mode.SERVFAIL);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> channels.activity("greeter").resolutionFailures() >= 2);
				assertThat(channels.activity("greeter").lastResolutionError()).contains("kept.greeter.test");
				// The failures were hidden from the balancer: the channel still has its backend.
				assertThat(callWhenReady(channels.channel("greeter")).getBackend()).isEqualTo("kept");
				this.dns.setMode(TestDnsServer.Mode.ANSWER);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> channels.activity("greeter").lastResolutionError() == null);
			});
	}

	@Test
	void localhostAsHostAndPortIsFoundInTheHostsFile() {
		// The most common target in development: host:port with the default dns scheme, answered
		// from /etc/hosts without asking any DNS server.
		GreeterBackend backend = backend("local");
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=localhost:" + backend.port())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(((ManagedGrpcChannels) channels).spec("greeter").target().scheme()).isEqualTo("dns");
				assertThat(callWhenReady(channels.channel("greeter")).getBackend()).isEqualTo("local");
				assertThat(channels.activity("greeter").resolvedAddresses()).contains("127.0.0.1:" + backend.port());
			});
	}

	@Test
	void srvRecordsGiveHostsAndPortsOfBackends() {
		GreeterBackend one = backend("one");
		GreeterBackend two = backend("two");
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, "one.greeter.test:" + one.port(),
				"two.greeter.test:" + two.port());
		this.dns.setA("one.greeter.test", 60, "127.0.0.1");
		this.dns.setA("two.greeter.test", 60, "127.0.0.1");
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=dns:///_grpc._tcp.greeter.test",
					"grpc.client.dns.servers=" + this.dns.address())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					callWhenReady(channels.channel("greeter"));
					return one.calls() > 0 && two.calls() > 0;
				});
			});
	}

	@Test
	void aDnsResolverBeanWinsOverDialtones() {
		GreeterBackend inDns = backend("in-dns");
		GreeterBackend ofBean = backend("of-bean");
		this.dns.setA("greeter.test", 60, "127.0.0.1");
		ApplicationContextRunner dnsTarget = this.runner.withPropertyValues(
				"grpc.client.channels.greeter.target=dns:///greeter.test:" + inDns.port(),
				"grpc.client.dns.servers=" + this.dns.address());
		dnsTarget.run((context) -> assertThat(
				callWhenReady(context.getBean(GrpcChannels.class).channel("greeter")).getBackend())
			.isEqualTo("in-dns"));
		dnsTarget
			.withBean(NameResolverProvider.class,
					() -> new FixedNameResolverProvider("dns", new InetSocketAddress("127.0.0.1", ofBean.port())))
			.run((context) -> assertThat(
					callWhenReady(context.getBean(GrpcChannels.class).channel("greeter")).getBackend())
				.isEqualTo("of-bean"));
	}

	@Test
	void aResolverBeanServesItsSchemeToDialtonesChannelsOnly() {
		GreeterBackend backend = backend("custom");
		this.runner
			.withBean(NameResolverProvider.class,
					() -> new FixedNameResolverProvider("myscheme",
							new InetSocketAddress("127.0.0.1", backend.port())))
			.withPropertyValues("grpc.client.channels.greeter.target=myscheme:///x")
			.run((context) -> {
				assertThat(callWhenReady(context.getBean(GrpcChannels.class).channel("greeter")).getBackend())
					.isEqualTo("custom");
				// A channel built by other code in this JVM keeps grpc-java's registry, without the bean.
				assertThatIllegalArgumentException()
					.isThrownBy(() -> shutdown(
							Grpc.newChannelBuilder("myscheme:///x", InsecureChannelCredentials.create()).build()))
					.withMessageContaining("myscheme");
			});
	}

	private static void shutdown(ManagedChannel channel) {
		channel.shutdownNow();
	}

	@Test
	void aSchemeNoResolverHandlesStopsTheStart() {
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=myscheme:///x").run((context) -> {
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("grpc.client.channels.greeter.target");
					assertThat(ex.getAllowed()).contains("dns", "static", "in-process");
				});
		});
	}

	@Test
	void aBadDnsServerStopsTheStart() {
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=dns:///greeter.test:443",
					"grpc.client.dns.servers[0]=127.0.0.1:8600", "grpc.client.dns.servers[1]=127.0.0.1:99999")
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("grpc.client.dns.servers[1]");
					assertThat(ex.getValue()).isEqualTo("127.0.0.1:99999");
				}));
		this.runner.withPropertyValues("grpc.client.dns.servers=127.0.0.1:8600")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void twoHundredChannelsShareOneLookupThread() {
		GreeterBackend backend = backend("one");
		this.dns.setA("greeter.test", 60, "127.0.0.1");
		List<String> properties = new ArrayList<>(List.of("grpc.client.dns.servers=" + this.dns.address()));
		for (int i = 0; i < 200; i++) {
			properties.add("grpc.client.channels.c" + i + ".target=dns:///greeter.test:" + backend.port());
		}
		this.runner.withPropertyValues(properties.toArray(String[]::new)).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			channels.names().forEach((name) -> channels.channel(name).getState(true));
			// A and AAAA for each channel.
			await().atMost(Duration.ofSeconds(20)).until(() -> this.dns.queries("greeter.test") >= 400);
			assertThat(threadsNamed("dialtone-dns-")).isEqualTo(1);
			assertThat(threadsNamed("dnsjava")).isLessThanOrEqualTo(1);
		});
	}

	private static long threadsNamed(String prefix) {
		return Thread.getAllStackTraces().keySet().stream()
			.filter((thread) -> thread.isAlive() && thread.getName().startsWith(prefix))
			.count();
	}

}
