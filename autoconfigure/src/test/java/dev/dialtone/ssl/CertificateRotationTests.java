package dev.dialtone.ssl;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.TlsServerCredentials;
import org.awaitility.core.ConditionTimeoutException;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannelSettings.Certificates;
import dev.dialtone.GrpcChannels;
import dev.dialtone.actuate.GrpcChannelsEndpoint;
import dev.dialtone.actuate.GrpcChannelsEndpoint.CertificateDescriptor;
import dev.dialtone.actuate.GrpcChannelsEndpoint.CertificatesDescriptor;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.actuate.GrpcChannelsEndpointAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.SteadyCalls;
import dev.dialtone.test.TestCertificates;

import static dev.dialtone.test.GreeterCalls.call;
import static dev.dialtone.test.GreeterCalls.tryCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Certificates that rotate: a channel's SSL bundle has {@code reload-on-update}, and its PEM files
 * are replaced while the application runs, as cert-manager or a SPIFFE helper replace them. Real
 * TLS backends on loopback check what the channel presents.
 */
class CertificateRotationTests {

	/** Spring Boot's quiet period, short for the tests (its default is 10 seconds). */
	private static final String QUIET_PERIOD = "200ms";

	/** Room for the file watcher, the reload and a handshake on a busy machine. */
	private static final Duration RELOAD_WAIT = Duration.ofSeconds(30);

	@TempDir
	Path folder;

	private TestCertificates first;

	private TestCertificates second;

	private Path bundle;

	private final List<GreeterBackend> backends = new CopyOnWriteArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class, SslAutoConfiguration.class,
				GrpcChannelsEndpointAutoConfiguration.class))
		.withPropertyValues("management.endpoints.web.exposure.include=grpcchannels",
				"spring.ssl.bundle.watch.file.quiet-period=" + QUIET_PERIOD,
				"spring.ssl.bundle.pem.rotating.reload-on-update=true");

	@BeforeEach
	void createAuthorities() throws IOException {
		this.first = TestCertificates.create(Files.createDirectory(this.folder.resolve("ca1")), "First CA");
		this.second = TestCertificates.create(Files.createDirectory(this.folder.resolve("ca2")), "Second CA");
		this.bundle = Files.createDirectory(this.folder.resolve("bundle"));
	}

	@AfterEach
	void stopBackends() {
		this.backends.forEach(GreeterBackend::close);
	}

	private Path bundleCertificate() {
		return this.bundle.resolve("client.pem");
	}

	private Path bundleKey() {
		return this.bundle.resolve("client-key.pem");
	}

	private Path bundleCa() {
		return this.bundle.resolve("ca.pem");
	}

	/**
	 * The channel {@code greeter} with the bundle {@code rotating}, which trusts {@code ca.pem} and,
	 * with a key, presents {@code client.pem}.
	 */
	private String[] channel(String target, boolean withKey, String... extra) {
		List<String> properties = new ArrayList<>(List.of("grpc.client.channels.greeter.target=" + target,
				"grpc.client.channels.greeter.ssl.bundle=rotating",
				"spring.ssl.bundle.pem.rotating.truststore.certificate=file:" + bundleCa()));
		if (withKey) {
			properties.add("spring.ssl.bundle.pem.rotating.keystore.certificate=file:" + bundleCertificate());
			properties.add("spring.ssl.bundle.pem.rotating.keystore.private-key=file:" + bundleKey());
		}
		properties.addAll(List.of(extra));
		return properties.toArray(String[]::new);
	}

	/**
	 * A backend's TLS: a fresh certificate for localhost from the given authority and, when
	 * {@code clients} is given, client certificates required from it.
	 */
	private ServerCredentials server(TestCertificates issuer, @Nullable TestCertificates clients)
			throws IOException {
		Path files = Files.createTempDirectory(this.folder, "server");
		issuer.issue(files.resolve("server.pem"), files.resolve("server-key.pem"), "localhost", inOneDay());
		TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
			.keyManager(files.resolve("server.pem").toFile(), files.resolve("server-key.pem").toFile());
		if (clients != null) {
			tls.trustManager(clients.ca().toFile()).clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
		}
		return tls.build();
	}

	private GreeterBackend start(String name, ServerCredentials credentials) {
		GreeterBackend backend = GreeterBackend.start(name, 0, credentials);
		this.backends.add(backend);
		return backend;
	}

	/** The backend's successor on its port, e.g. with a renewed certificate. */
	private GreeterBackend replace(GreeterBackend backend, ServerCredentials credentials) {
		backend.kill();
		GreeterBackend successor = backend.restart(credentials);
		this.backends.add(successor);
		return successor;
	}

	private static Instant inOneDay() {
		return Instant.now().plus(1, ChronoUnit.DAYS);
	}

	@Test
	void clientCertificateOfANewAuthorityIsPresentedOnTheNextConnectionAfterTheReload() throws IOException {
		GreeterBackend backend = start("secure", server(this.second, this.second));
		this.first.issue(bundleCertificate(), bundleKey(), "dialtone-client", inOneDay());
		this.second.copyCa(bundleCa());
		this.runner.withPropertyValues(channel("static://" + backend.address(), true)).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			Channel channel = channels.channel("greeter");
			// The backend refuses the first authority's certificate in the handshake.
			await().atMost(RELOAD_WAIT).until(() -> tryCall(channel), (status) -> status != null
					&& status.getCode() == Status.Code.UNAVAILABLE && backend.connections() > 0);
			assertThat(backend.calls()).isZero();
			assertThat(channels.settings("greeter").certificates().presented().issuer()).isEqualTo("CN=First CA");
			// The channel tries again on its own, waiting longer each time: after its fifth attempt
			// it waits at least 5.2 s (grpc-java's backoff: 1 s times 1.6 per attempt, +-20 %).
			await().atMost(Duration.ofSeconds(60)).until(() -> backend.connections() >= 5);
			this.second.issue(bundleCertificate(), bundleKey(), "dialtone-client", inOneDay());
			long rewritten = System.nanoTime();
			await().atMost(RELOAD_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> tryCall(channel) == null);
			Duration tookAfterRewrite = Duration.ofNanos(System.nanoTime() - rewritten);
			System.out.println("First successful call " + tookAfterRewrite.toMillis()
					+ " ms after the bundle's files were rewritten (quiet period " + QUIET_PERIOD + ")");
			// The reload made the channel try at once, not when its backoff ran out.
			assertThat(tookAfterRewrite).isLessThan(Duration.ofSeconds(4));
			assertThat(channels.settings("greeter").certificates().presented().issuer()).isEqualTo("CN=Second CA");
			assertThat(call(channel).getBackend()).isEqualTo("secure");
		});
	}

	@Test
	void newAuthorityIsTrustedForNewConnectionsAfterTheReload() throws IOException {
		GreeterBackend backend = start("secure", server(this.first, null));
		this.first.copyCa(bundleCa());
		this.runner.withPropertyValues(channel("static://" + backend.address(), false)).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			Channel channel = channels.channel("greeter");
			assertThat(call(channel).getBackend()).isEqualTo("secure");
			// The backend moves to a certificate of the second authority, which the channel does
			// not trust yet.
			GreeterBackend moved = replace(backend, server(this.second, null));
			await().atMost(RELOAD_WAIT)
				.until(() -> tryCall(channel),
						(status) -> status != null && status.getCode() == Status.Code.UNAVAILABLE);
			assertThat(moved.calls()).isZero();
			this.second.copyCa(bundleCa());
			await().atMost(RELOAD_WAIT).pollInterval(Duration.ofMillis(50)).until(() -> tryCall(channel) == null);
			assertThat(moved.calls()).isPositive();
			Certificates certificates = channels.settings("greeter").certificates();
			assertThat(certificates.presented()).isNull();
			assertThat(certificates.trusted()).extracting((ca) -> ca.subject()).containsExactly("CN=Second CA");
		});
	}

	@Test
	void noCallFailsWhileTheClientRenewsItsCertificateBeforeItExpiresAndBackendsRenewTheirs() throws IOException {
		this.first.copyCa(bundleCa());
		Instant firstExpiry = Instant.now().plusSeconds(20).truncatedTo(ChronoUnit.SECONDS);
		this.first.issue(bundleCertificate(), bundleKey(), "dialtone-client", firstExpiry);
		GreeterBackend a = start("a", server(this.first, this.first));
		GreeterBackend b = start("b", server(this.first, this.first));
		this.runner
			.withPropertyValues(channel("static://" + a.address() + "," + b.address(), true,
					"grpc.client.channels.greeter.retry.enabled=true"))
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				Channel channel = channels.channel("greeter");
				await().atMost(RELOAD_WAIT).untilAsserted(() -> {
					call(channel);
					assertThat(a.calls()).isPositive();
					assertThat(b.calls()).isPositive();
				});
				List<GreeterBackend> successors = new CopyOnWriteArrayList<>();
				List<CompletableFuture<Void>> renewals = new CopyOnWriteArrayList<>();
				Map<Duration, Runnable> events = new LinkedHashMap<>();
				// A second before the certificate expires, its successor is written (cert-manager
				// renews well before; this is the latest it could).
				Duration untilExpiry = Duration.between(Instant.now(), firstExpiry);
				events.put(Duration.ofSeconds(1), () -> this.first.issue(bundleCertificate(), bundleKey(),
						"dialtone-client", inOneDay()));
				// Once it has expired, the backends renew theirs one after the other: each new
				// connection is made with the renewed client certificate.
				events.put(untilExpiry.plusSeconds(1), () -> renewals.add(CompletableFuture.runAsync(() -> {
					successors.add(renew(a));
					successors.add(renew(b));
				})));
				int calls = (int) (untilExpiry.plusSeconds(16).toMillis() / 20);
				int failures = SteadyCalls.failures(channel, calls, Duration.ofMillis(20), Duration.ofMillis(20),
						events);
				renewals.forEach((renewal) -> renewal.orTimeout(60, TimeUnit.SECONDS).join());
				assertThat(failures).isZero();
				assertThat(successors).hasSize(2).allSatisfy((backend) -> assertThat(backend.calls()).isPositive());
				assertThat(channels.settings("greeter").certificates().presented().notAfter()).isAfter(firstExpiry);
			});
	}

	/**
	 * Replaces the backend with one that has a renewed certificate of the same authority, and waits
	 * (at most 10 s) until the channel sends the new one calls before the next step.
	 */
	private GreeterBackend renew(GreeterBackend backend) {
		try {
			GreeterBackend successor = replace(backend, server(this.first, this.first));
			try {
				await().atMost(Duration.ofSeconds(10)).until(() -> successor.calls() > 0);
			}
			catch (ConditionTimeoutException ex) {
				// The test fails on the successor's calls; the next backend is renewed all the same.
			}
			return successor;
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	@Test
	void endpointShowsTheCertificatesOfTheLastReloadAndNoKey() throws Exception {
		Instant firstExpiry = inOneDay().truncatedTo(ChronoUnit.SECONDS);
		this.first.issue(bundleCertificate(), bundleKey(), "dialtone-client", firstExpiry);
		this.first.copyCa(bundleCa());
		List<String> keys = new ArrayList<>(List.of(Files.readString(bundleKey())));
		this.runner
			.withPropertyValues(
					channel("static://127.0.0.1:1", true, "grpc.client.channels.plain.target=static://127.0.0.1:1"))
			.run((context) -> {
				GrpcChannelsEndpoint endpoint = context.getBean(GrpcChannelsEndpoint.class);
				CertificatesDescriptor before = endpoint.channel("greeter").certificates();
				assertThat(before.presented().subject()).isEqualTo("CN=dialtone-client");
				assertThat(before.presented().issuer()).isEqualTo("CN=First CA");
				assertThat(before.presented().notAfter()).isEqualTo(firstExpiry.toString());
				assertThat(before.trusted()).extracting(CertificateDescriptor::subject).containsExactly("CN=First CA");
				assertThat(endpoint.channel("plain").certificates()).isNull();
				List<String> answers = new ArrayList<>(List.of(json(endpoint)));

				Instant secondExpiry = firstExpiry.plus(1, ChronoUnit.DAYS);
				this.second.issue(bundleCertificate(), bundleKey(), "renewed-client", secondExpiry);
				this.second.copyCa(bundleCa());
				keys.add(Files.readString(bundleKey()));
				await().atMost(RELOAD_WAIT)
					.until(() -> endpoint.channel("greeter").certificates().presented().subject(),
							"CN=renewed-client"::equals);
				CertificatesDescriptor after = endpoint.channel("greeter").certificates();
				assertThat(after.presented().issuer()).isEqualTo("CN=Second CA");
				assertThat(after.presented().notAfter()).isEqualTo(secondExpiry.toString());
				assertThat(after.presented().serialNumber()).isNotEqualTo(before.presented().serialNumber());
				await().atMost(RELOAD_WAIT)
					.untilAsserted(() -> assertThat(endpoint.channel("greeter").certificates().trusted())
						.extracting(CertificateDescriptor::subject)
						.containsExactly("CN=Second CA"));
				answers.add(json(endpoint));
				assertThat(answers.get(1)).contains("\"subject\":\"CN=renewed-client\"")
					.contains("\"notAfter\":\"" + secondExpiry + "\"");
				for (String answer : answers) {
					assertThat(answer).doesNotContainIgnoringCase("PRIVATE KEY");
					for (String key : keys) {
						byte[] der = Base64.getMimeDecoder()
							.decode(key.replaceAll("-----[A-Z ]+-----", ""));
						key.lines()
							.filter((line) -> !line.startsWith("-----"))
							.forEach((line) -> assertThat(answer).doesNotContain(line));
						assertThat(answer).doesNotContainIgnoringCase(HexFormat.of().formatHex(der));
						assertThat(answer).doesNotContain(Base64.getEncoder().encodeToString(der));
					}
				}
			});
	}

	private static String json(GrpcChannelsEndpoint endpoint) {
		return JsonMapper.builder().build().writeValueAsString(endpoint.channels());
	}

}
