package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

import dev.dialtone.test.TestDnsServer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.awaitility.Awaitility.await;

/**
 * The refreshing DNS resolver on its own, against a real DNS server on loopback, with a real
 * {@link SynchronizationContext} and a listener that records what the load balancer would hear.
 */
class RefreshingDnsNameResolverTests {

	private static final String NAME = "greeter.test";

	private final TestDnsServer dns = new TestDnsServer();

	private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

	private final SynchronizationContext syncContext = new SynchronizationContext(
			(thread, ex) -> this.uncaught.add(ex));

	private final RecordingListener listener = new RecordingListener();

	private DnsResolution resolution;

	private NameResolver resolver;

	@AfterEach
	void close() {
		if (this.resolver != null) {
			this.syncContext.execute(this.resolver::shutdown);
		}
		if (this.resolution != null) {
			this.resolution.close();
		}
		this.dns.close();
		assertThat(this.uncaught).isEmpty();
	}

	private void start(String target, Duration refreshInterval, Duration minInterval) {
		this.resolution = new DnsResolution(List.of(new InetSocketAddress("127.0.0.1", this.dns.port())),
				minInterval);
		NameResolver.Args args = NameResolver.Args.newBuilder()
			.setDefaultPort(443)
			.setProxyDetector((address) -> null)
			.setSynchronizationContext(this.syncContext)
			.setServiceConfigParser(new NameResolver.ServiceConfigParser() {
				@Override
				public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> rawServiceConfig) {
					return NameResolver.ConfigOrError.fromConfig(rawServiceConfig);
				}
			})
			.build();
		this.resolver = this.resolution.provider(DnsTarget.parse(target), refreshInterval)
			.newNameResolver(URI.create(new DnsScheme(this.resolution).parse(target, target).grpcTarget()), args);
		this.syncContext.execute(() -> this.resolver.start(this.listener));
	}

	@Test
	void resolvesARecordsWithTheTargetPort() {
		this.dns.setA(NAME, 60, "127.0.0.1", "127.0.0.2");
		start("dns:///greeter.test:7000", Duration.ofMinutes(1), Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7000),
				address("127.0.0.2", 7000));
		assertThat(this.resolver.getServiceAuthority()).isEqualTo("greeter.test:7000");
	}

	@Test
	void resolvesSrvRecordsToTheirHostsAndPorts() {
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, "b1.greeter.test:7001", "b2.greeter.test:7002");
		this.dns.setA("b1.greeter.test", 60, "127.0.0.1");
		this.dns.setA("b2.greeter.test", 60, "127.0.0.2");
		start("dns:///_grpc._tcp.greeter.test", Duration.ofMinutes(1), Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7001),
				address("127.0.0.2", 7002));
	}

	@Test
	void reportsOnlyChangesButAlwaysAnswersARefresh() {
		this.dns.setA(NAME, 60, "127.0.0.1");
		start("dns:///greeter.test:7000", Duration.ofMillis(200), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dns.queries(NAME) >= 10);
		// Five lookups or more (A and AAAA each), all with the same answer: the balancer heard once.
		assertThat(this.listener.results).hasSize(1);
		this.syncContext.execute(this.resolver::refresh);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 2);
		assertThat(this.listener.last()).containsExactly(address("127.0.0.1", 7000));
		this.dns.setA(NAME, 60, "127.0.0.1", "127.0.0.3");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 3);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7000),
				address("127.0.0.3", 7000));
	}

	@Test
	void failedAndEmptyLookupsKeepTheLastGoodAddresses() {
		this.dns.setA(NAME, 60, "127.0.0.1");
		start("dns:///greeter.test:7000", Duration.ofMillis(200), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		for (TestDnsServer.Mode mode : List.of(TestDnsServer.Mode.SERVFAIL, TestDnsServer.Mode.EMPTY)) {
			this.dns.setMode(mode);
			int before = this.dns.queries(NAME);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.dns.queries(NAME) >= before + 6);
			assertThat(this.listener.results).hasSize(1);
			// grpc-java asking while DNS fails hears the last good addresses, not an error.
			this.syncContext.execute(this.resolver::refresh);
			await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 2);
			assertThat(this.listener.last()).containsExactly(address("127.0.0.1", 7000));
			this.listener.results.remove(1);
		}
		assertThat(this.listener.errors).isEmpty();
		this.dns.setMode(TestDnsServer.Mode.ANSWER);
		this.dns.setA(NAME, 60, "127.0.0.2");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 2);
		assertThat(this.listener.last()).containsExactly(address("127.0.0.2", 7000));
	}

	@Test
	void aFailedAQueryKeepsTheIpv4AddressesItCouldHaveConfirmed() {
		this.dns.setA(NAME, 60, "127.0.0.1", "127.0.0.2");
		this.dns.setAaaa(NAME, 60, "::1");
		start("dns:///greeter.test:7000", Duration.ofMillis(200), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7000),
				address("127.0.0.2", 7000), address("::1", 7000));
		// A fails while AAAA answers: an answer of ::1 alone does not replace the fuller set.
		this.dns.setFailing(NAME, Type.A, true);
		int before = this.dns.queries(NAME);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dns.queries(NAME) >= before + 6);
		assertThat(this.listener.results).hasSize(1);
		// What AAAA says still counts.
		this.dns.setAaaa(NAME, 60, "::2");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 2);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7000),
				address("127.0.0.2", 7000), address("::2", 7000));
		// A answers again, and is retried soon enough to be heard.
		this.dns.setA(NAME, 60, "127.0.0.1");
		this.dns.setFailing(NAME, Type.A, false);
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 3);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7000), address("::2", 7000));
		assertThat(this.listener.errors).isEmpty();
	}

	@Test
	void anSrvHostWhoseLookupFailsKeepsItsAddressesWhileTheOthersChange() {
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, "b1.greeter.test:7001", "b2.greeter.test:7002");
		this.dns.setA("b1.greeter.test", 60, "127.0.0.1");
		this.dns.setA("b2.greeter.test", 60, "127.0.0.2");
		this.dns.setA("b3.greeter.test", 60, "127.0.0.3");
		start("dns:///_grpc._tcp.greeter.test", Duration.ofMillis(200), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		this.dns.setFailing("b2.greeter.test", Type.A, true);
		this.dns.setFailing("b2.greeter.test", Type.AAAA, true);
		int before = this.dns.queries("b2.greeter.test");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dns.queries("b2.greeter.test") >= before + 6);
		assertThat(this.listener.results).hasSize(1);
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, "b1.greeter.test:7001", "b2.greeter.test:7002",
				"b3.greeter.test:7003");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 2);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7001),
				address("127.0.0.2", 7002), address("127.0.0.3", 7003));
		// A host the SRV records no longer name goes, whether or not its own lookup fails.
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, "b1.greeter.test:7001", "b3.greeter.test:7003");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 3);
		assertThat(this.listener.last()).containsExactlyInAnyOrder(address("127.0.0.1", 7001),
				address("127.0.0.3", 7003));
	}

	@Test
	void srvBackendsCarryTheirHostAsAuthorityAndAddressesFromTheAnswerNeedNoQuery() {
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, "b1.greeter.test:7001", "b2.greeter.test.:7002");
		this.dns.setA("b1.greeter.test", 60, "127.0.0.1");
		this.dns.setA("b2.greeter.test", 60, "127.0.0.2");
		this.dns.setAdditionalSection(true);
		start("dns:///_grpc._tcp.greeter.test", Duration.ofMinutes(1), Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		assertThat(this.listener.authorities()).containsExactly(entry(address("127.0.0.1", 7001), "b1.greeter.test"),
				entry(address("127.0.0.2", 7002), "b2.greeter.test"));
		assertThat(this.dns.queries("b1.greeter.test")).isZero();
		assertThat(this.dns.queries("b2.greeter.test")).isZero();
		assertThat(this.dns.queries()).isEqualTo(1);
	}

	@Test
	void oneLookupSendsABoundedNumberOfQueriesHoweverManyHostsAnSrvAnswerNames() {
		List<String> targets = new ArrayList<>();
		// As many as one UDP answer holds (SRV targets are never compressed), more than one lookup queries.
		for (int i = 1; i <= 30; i++) {
			targets.add("h" + i + ".greeter.test:" + (7000 + i));
			this.dns.setA("h" + i + ".greeter.test", 60, "127.0.1." + i);
		}
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, targets.toArray(String[]::new));
		// No second lookup within the test: only the first one's queries are counted.
		start("dns:///_grpc._tcp.greeter.test", Duration.ofHours(1), Duration.ofHours(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		assertThat(this.dns.queries()).isEqualTo(1 + 2 * DnsLookup.MAX_QUERIED_SRV_HOSTS);
		assertThat(this.listener.last()).hasSize(DnsLookup.MAX_QUERIED_SRV_HOSTS);
	}

	@Test
	void hostsBeyondTheBoundAreReachedByLaterLookupsAndKeepTheirAddresses() {
		List<String> targets = new ArrayList<>();
		for (int i = 1; i <= 30; i++) {
			targets.add("h" + i + ".greeter.test:" + (7000 + i));
			this.dns.setA("h" + i + ".greeter.test", 60, "127.0.1." + i);
		}
		this.dns.setSrv("_grpc._tcp.greeter.test", 60, targets.toArray(String[]::new));
		start("dns:///_grpc._tcp.greeter.test", Duration.ofMillis(200), Duration.ofMillis(50));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> !this.listener.results.isEmpty() && this.listener.last().size() == 30);
	}

	@Test
	void aNameThatNeverResolvedReportsAnError() {
		start("dns:///missing.test:7000", Duration.ofMinutes(1), Duration.ofSeconds(1));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.listener.errors.isEmpty());
		assertThat(this.listener.errors.get(0).getCode()).isEqualTo(Status.Code.UNAVAILABLE);
		assertThat(this.listener.results).isEmpty();
	}

	@Test
	void aShortTtlBringsTheNextLookupForward() {
		this.dns.setA(NAME, 1, "127.0.0.1");
		start("dns:///greeter.test:7000", Duration.ofHours(1), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		this.dns.setA(NAME, 1, "127.0.0.2");
		await().atMost(Duration.ofSeconds(5)).until(() -> this.listener.results.size() == 2);
		assertThat(this.listener.last()).containsExactly(address("127.0.0.2", 7000));
	}

	@Test
	void aLongTtlIsBoundedByTheRefreshIntervalAndALongIntervalWaits() {
		this.dns.setA(NAME, 3600, "127.0.0.1");
		start("dns:///greeter.test:7000", Duration.ofHours(1), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		int queries = this.dns.queries(NAME);
		this.dns.setA(NAME, 3600, "127.0.0.2");
		// What the short TTL above saw within 5 seconds, an hour-long TTL and interval do not.
		await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(4))
			.until(() -> this.listener.results.size() == 1);
		assertThat(this.dns.queries(NAME)).isEqualTo(queries);
	}

	@Test
	void shutdownCancelsTheScheduledLookup() {
		this.dns.setA(NAME, 60, "127.0.0.1");
		start("dns:///greeter.test:7000", Duration.ofMillis(200), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.dns.queries(NAME) >= 4);
		// The query counted may not have been answered yet; once it is, the next lookup is scheduled.
		await().atMost(Duration.ofSeconds(5)).until(() -> this.resolution.scheduledLookups() == 1);
		this.syncContext.execute(this.resolver::shutdown);
		this.resolver = null;
		await().atMost(Duration.ofSeconds(5)).until(() -> this.resolution.scheduledLookups() == 0);
		int queries = this.dns.queries(NAME);
		await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2))
			.until(() -> this.dns.queries(NAME) <= queries + 2);
	}

	@Test
	void anIpLiteralNeedsNoLookup() {
		start("dns:///127.0.0.5:7000", Duration.ofMillis(200), Duration.ofMillis(100));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.listener.results.size() == 1);
		assertThat(this.listener.last()).containsExactly(address("127.0.0.5", 7000));
		assertThat(this.resolution.scheduledLookups()).isZero();
	}

	private static SocketAddress address(String ip, int port) {
		return new InetSocketAddress(ip, port);
	}

	private static final class RecordingListener extends NameResolver.Listener2 {

		final List<List<SocketAddress>> results = new CopyOnWriteArrayList<>();

		final List<Status> errors = new CopyOnWriteArrayList<>();

		final List<List<EquivalentAddressGroup>> groups = new CopyOnWriteArrayList<>();

		@Override
		public void onResult(NameResolver.ResolutionResult result) {
			onResult2(result);
		}

		@Override
		public Status onResult2(NameResolver.ResolutionResult result) {
			if (result.getAddressesOrError().hasValue()) {
				this.groups.add(result.getAddressesOrError().getValue());
				this.results.add(result.getAddressesOrError()
					.getValue()
					.stream()
					.flatMap((group) -> group.getAddresses().stream())
					.toList());
			}
			else {
				this.errors.add(result.getAddressesOrError().getStatus());
			}
			return Status.OK;
		}

		@Override
		public void onError(Status error) {
			this.errors.add(error);
		}

		List<SocketAddress> last() {
			return this.results.get(this.results.size() - 1);
		}

		/** The authority each address of the last result carries, null for the channel's. */
		Map<SocketAddress, String> authorities() {
			Map<SocketAddress, String> authorities = new LinkedHashMap<>();
			for (EquivalentAddressGroup group : this.groups.get(this.groups.size() - 1)) {
				group.getAddresses().forEach((address) -> authorities.put(address,
						group.getAttributes().get(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE)));
			}
			return authorities;
		}

	}

}
