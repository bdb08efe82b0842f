package dev.dialtone.internal.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.xbill.DNS.ResolverConfig;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.TestDnsServer;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.GreeterGrpc.GreeterBlockingStub;

import static dev.dialtone.test.GreeterCalls.hello;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code dns:} targets without {@code grpc.client.dns.servers} resolve as the system does: every
 * line of the hosts file the JVM reads, then DNS with the system's servers and search path, then
 * the system's other sources. Runs in a JVM of its own (the {@code system-resolution} execution of
 * Surefire) started with {@code -Djdk.net.hosts.file} naming a file this test writes, and with the
 * JVM's address cache off, so that what the JVM resolves can be compared at any time. The system's
 * DNS server is a {@link TestDnsServer}, set as dnsjava reads the system's configuration: the
 * {@code dns.server} and {@code dns.search} properties come before {@code /etc/resolv.conf}.
 */
@EnabledIfSystemProperty(named = "jdk.net.hosts.file", matches = ".+")
class SystemResolutionTests {

	private static final Duration REFRESH = Duration.ofSeconds(1);

	// The refresh interval, its 10% jitter, and a second for the calls to find the new backends.
	private static final Duration WITHIN_REFRESH = REFRESH.plusMillis(100).plusSeconds(1);

	private static final Path HOSTS = Paths.get(System.getProperty("jdk.net.hosts.file"));

	private static final TestDnsServer dns = new TestDnsServer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	private List<GreeterBackend> backends = List.of();

	@BeforeAll
	static void systemDnsIsTheTestServer() {
		System.setProperty("dns.server", dns.address());
		System.setProperty("dns.search", "svc.test");
		ResolverConfig.refresh();
	}

	@AfterAll
	static void stopDns() {
		System.clearProperty("dns.server");
		System.clearProperty("dns.search");
		ResolverConfig.refresh();
		dns.close();
	}

	@BeforeEach
	void startBackends() throws IOException {
		this.backends = GreeterBackend.startOnLoopbackAddresses("a", "b", "c");
		writeHosts();
	}

	@AfterEach
	void stopBackends() {
		this.backends.forEach(GreeterBackend::close);
	}

	@Test
	void everyLineOfTheHostsFileReachesTheChannelWithinTheRefreshInterval() throws IOException {
		writeHosts("127.0.0.1 greeter.hosts.test");
		channel("greeter.hosts.test").run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channels.channel("greeter"));
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				greeter.sayHello(hello());
				return this.backends.get(0).calls() > 0;
			});
			assertThat(channels.activity("greeter").resolvedAddresses())
				.containsExactlyInAnyOrderElementsOf(jvm("greeter.hosts.test"));
			writeHosts("127.0.0.1 greeter.hosts.test", "127.0.0.2 greeter.hosts.test other.hosts.test",
					"127.0.0.3 greeter.hosts.test # a comment");
			await().atMost(WITHIN_REFRESH).pollInterval(Duration.ofMillis(20)).until(() -> {
				greeter.sayHello(hello());
				return this.backends.stream().allMatch((backend) -> backend.calls() > 0);
			});
			assertThat(channels.activity("greeter").resolvedAddresses()).hasSize(3)
				.containsExactlyInAnyOrderElementsOf(jvm("greeter.hosts.test"));
			writeHosts("127.0.0.1 greeter.hosts.test", "127.0.0.2 greeter.hosts.test");
			await().atMost(WITHIN_REFRESH)
				.until(() -> channels.activity("greeter").resolvedAddresses().size() == 2);
			assertThat(channels.activity("greeter").resolvedAddresses())
				.containsExactlyInAnyOrderElementsOf(jvm("greeter.hosts.test"));
			int removed = this.backends.get(2).calls();
			int kept = this.backends.get(0).calls() + this.backends.get(1).calls();
			for (int i = 0; i < 20; i++) {
				greeter.sayHello(hello());
			}
			assertThat(this.backends.get(2).calls()).isEqualTo(removed);
			assertThat(this.backends.get(0).calls() + this.backends.get(1).calls()).isEqualTo(kept + 20);
		});
	}

	@Test
	void aNameTheHostsFileAndDnsBothKnowGetsTheHostsFilesAnswerAndDnssOnceTheLineIsGone() throws IOException {
		dns.setA("greeter.both.test", 60, "127.0.0.2");
		writeHosts("127.0.0.1 greeter.both.test");
		channel("greeter.both.test").run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channels.channel("greeter"));
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				greeter.sayHello(hello());
				return !channels.activity("greeter").resolvedAddresses().isEmpty();
			});
			assertThat(channels.activity("greeter").resolvedAddresses())
				.containsExactly("127.0.0.1:" + this.backends.get(0).port())
				.containsExactlyInAnyOrderElementsOf(jvm("greeter.both.test"));
			assertThat(dns.queries("greeter.both.test")).isZero();
			writeHosts();
			await().atMost(WITHIN_REFRESH)
				.until(() -> channels.activity("greeter").resolvedAddresses()
					.equals(List.of("127.0.0.2:" + this.backends.get(0).port())));
		});
	}

	@Test
	void dnsIsAskedWithTheSystemsSearchPath() {
		dns.setA("greeter.svc.test", 60, "127.0.0.3");
		channel("greeter").run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			GreeterBlockingStub greeter = GreeterGrpc.newBlockingStub(channels.channel("greeter"));
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				greeter.sayHello(hello());
				return this.backends.get(2).calls() > 0;
			});
		});
	}

	@Test
	void aNameOnlyTheSystemsOtherSourcesKnowIsAskedOfThemAfterTheHostsFileAndDns() {
		AtomicInteger asked = new AtomicInteger();
		DnsResolution.SystemNames mdns = (host) -> {
			asked.incrementAndGet();
			return host.equals("printer.local") ? List.of(InetAddress.getByName("127.0.0.9")) : List.of();
		};
		dns.setA("greeter.svc.test", 60, "127.0.0.3");
		try (DnsResolution resolution = new DnsResolution(List.of(), Duration.ofMillis(100), HOSTS, mdns)) {
			assertThat(resolve(resolution, "printer.local")).containsExactly(new InetSocketAddress("127.0.0.9", 7000));
			assertThat(dns.queries("printer.local.svc.test")).isPositive();
			int askedBefore = asked.get();
			assertThat(resolve(resolution, "greeter")).containsExactly(new InetSocketAddress("127.0.0.3", 7000));
			assertThat(asked.get()).isEqualTo(askedBefore);
		}
	}

	private ApplicationContextRunner channel(String host) {
		return this.runner.withPropertyValues(
				"grpc.client.channels.greeter.target=dns:///" + host + ":" + this.backends.get(0).port(),
				"grpc.client.channels.greeter.resolution.refresh-interval=" + REFRESH.toMillis() + "ms");
	}

	/**
	 * What the JVM resolves the name to, as the channel's addresses are written.
	 */
	private Set<String> jvm(String host) throws UnknownHostException {
		return Arrays.stream(InetAddress.getAllByName(host))
			.map((address) -> address.getHostAddress() + ":" + this.backends.get(0).port())
			.collect(Collectors.toSet());
	}

	private static void writeHosts(String... lines) throws IOException {
		List<String> all = new ArrayList<>(List.of("127.0.0.1 localhost"));
		all.addAll(List.of(lines));
		Files.createDirectories(HOSTS.getParent());
		Path written = Files.write(HOSTS.resolveSibling("hosts.new"), all);
		Files.move(written, HOSTS, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
				java.nio.file.StandardCopyOption.ATOMIC_MOVE);
	}

	/**
	 * The first addresses a resolver of the target reports.
	 */
	private static List<SocketAddress> resolve(DnsResolution resolution, String host) {
		List<List<SocketAddress>> results = new CopyOnWriteArrayList<>();
		SynchronizationContext syncContext = new SynchronizationContext((thread, ex) -> {
			throw new AssertionError(ex);
		});
		NameResolver.Args args = NameResolver.Args.newBuilder()
			.setDefaultPort(443)
			.setProxyDetector((address) -> null)
			.setSynchronizationContext(syncContext)
			.setServiceConfigParser(new NameResolver.ServiceConfigParser() {
				@Override
				public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> rawServiceConfig) {
					return NameResolver.ConfigOrError.fromConfig(rawServiceConfig);
				}
			})
			.build();
		String target = "dns:///" + host + ":7000";
		NameResolver resolver = resolution.provider(DnsTarget.parse(target), Duration.ofMinutes(1))
			.newNameResolver(URI.create(target), args);
		syncContext.execute(() -> resolver.start(new NameResolver.Listener2() {

			@Override
			public void onResult(NameResolver.ResolutionResult result) {
				onResult2(result);
			}

			@Override
			public Status onResult2(NameResolver.ResolutionResult result) {
				results.add(result.getAddressesOrError()
					.getValue()
					.stream()
					.flatMap((group) -> group.getAddresses().stream())
					.toList());
				return Status.OK;
			}

			@Override
			public void onError(Status error) {
			}

		}));
		try {
			await().atMost(Duration.ofSeconds(10)).until(() -> !results.isEmpty());
			return results.get(0);
		}
		finally {
			syncContext.execute(resolver::shutdown);
		}
	}

}
