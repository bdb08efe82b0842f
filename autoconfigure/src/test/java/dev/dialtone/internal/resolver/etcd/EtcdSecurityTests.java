package dev.dialtone.internal.resolver.etcd;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dialtone.GrpcChannels;
import dev.dialtone.actuate.GrpcChannelsEndpoint;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.actuate.GrpcChannelsEndpointAutoConfiguration;
import dev.dialtone.autoconfigure.etcd.GrpcClientEtcdAutoConfiguration;
import dev.dialtone.autoconfigure.health.GrpcChannelsHealthContributorAutoConfiguration;
import dev.dialtone.health.GrpcChannelsHealthContributor;
import dev.dialtone.test.EmbeddedEtcd;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.TestCertificates;

import static dev.dialtone.test.GreeterCalls.callWhenReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A real etcd server that wants a user and a password, or TLS: channels resolve through it with
 * {@code grpc.client.etcd.username}/{@code password} or {@code ssl.bundle}, and the password shows
 * nowhere an operator looks, neither in the log nor in health nor in the grpcchannels endpoint, even
 * while etcd is unreachable or refuses the password.
 */
@ExtendWith(OutputCaptureExtension.class)
class EtcdSecurityTests {

	private static final String PASSWORD = "pa55-Dialtone-etcd";

	private static final Duration WAIT = Duration.ofSeconds(20);

	private EmbeddedEtcd etcd;

	private GreeterBackend backend;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcClientEtcdAutoConfiguration.class, SslAutoConfiguration.class,
				GrpcChannelsHealthContributorAutoConfiguration.class, GrpcChannelsEndpointAutoConfiguration.class))
		.withPropertyValues("grpc.client.channels.greeter.target=etcd:///greeter",
				"grpc.client.resolution.refresh-interval=1h", "management.endpoints.web.exposure.include=grpcchannels");

	@AfterEach
	void stop() {
		if (this.backend != null) {
			this.backend.close();
		}
		if (this.etcd != null) {
			this.etcd.close();
		}
	}

	private static String backendOf(AssertableApplicationContext context) {
		return callWhenReady(context.getBean(GrpcChannels.class).channel("greeter")).getBackend();
	}

	private static Health health(AssertableApplicationContext context) {
		return ((HealthIndicator) context.getBean(GrpcChannelsHealthContributor.class).getContributor("greeter"))
			.health();
	}

	/**
	 * What an operator sees of the channel: its health and its grpcchannels endpoint, as JSON.
	 */
	private static String operatorsView(AssertableApplicationContext context) {
		JsonMapper json = JsonMapper.builder().build();
		return json.writeValueAsString(health(context))
				+ json.writeValueAsString(context.getBean(GrpcChannelsEndpoint.class).channels());
	}

	@Test
	void aUserAndPasswordLogInAndThePasswordShowsNowhereEvenWhileEtcdIsAway(CapturedOutput output) {
		this.etcd = EmbeddedEtcd.start();
		this.backend = GreeterBackend.start("behind-auth");
		this.etcd.enableAuthentication(PASSWORD);
		this.etcd.put("greeter/only", this.backend.address());
		this.runner
			.withPropertyValues("grpc.client.etcd.endpoints=" + this.etcd.endpoint(), "grpc.client.etcd.username=root",
					"grpc.client.etcd.password=" + PASSWORD, "logging.level.dev.dialtone=debug")
			.run((context) -> {
				assertThat(backendOf(context)).isEqualTo("behind-auth");
				this.etcd.stop();
				await().atMost(WAIT)
					.until(() -> health(context).getDetails().get("resolutionError"),
							(error) -> error != null && error.toString().contains("unreachable"));
				assertThat(operatorsView(context)).contains("unreachable").doesNotContain(PASSWORD);
				assertThat(context.getBean(EtcdResolution.class).toString()).doesNotContain(PASSWORD);
				assertThat(backendOf(context)).isEqualTo("behind-auth");
			});
		assertThat(output.getAll()).contains("unreachable").doesNotContain(PASSWORD);
	}

	@Test
	void aWrongPasswordIsReportedWithoutShowingIt(CapturedOutput output) {
		this.etcd = EmbeddedEtcd.start();
		this.etcd.enableAuthentication(PASSWORD);
		String wrong = "wrong-" + PASSWORD;
		this.runner
			.withPropertyValues("grpc.client.etcd.endpoints=" + this.etcd.endpoint(), "grpc.client.etcd.username=root",
					"grpc.client.etcd.password=" + wrong)
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				channels.channel("greeter").getState(true);
				await().atMost(WAIT).until(() -> channels.activity("greeter").lastResolutionError() != null);
				assertThat(channels.activity("greeter").lastResolutionError()).contains("as user 'root' refused the read")
					.contains("authentication failed");
				assertThat(operatorsView(context)).doesNotContain(wrong).doesNotContain(PASSWORD);
			});
		assertThat(output.getAll()).doesNotContain(PASSWORD);
	}

	@Test
	void anSslBundleTrustsEtcdsCertificate(@TempDir Path folder) {
		TestCertificates certificates = TestCertificates.create(folder, "Etcd Test CA");
		this.etcd = EmbeddedEtcd.startTls(certificates);
		this.backend = GreeterBackend.start("behind-tls");
		this.etcd.put("greeter/only", this.backend.address());
		this.runner
			.withPropertyValues("grpc.client.etcd.endpoints=" + this.etcd.endpoint(),
					"grpc.client.etcd.ssl.bundle=etcd",
					"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + certificates.ca())
			.run((context) -> {
				assertThat(this.etcd.endpoint()).startsWith("https://");
				assertThat(backendOf(context)).isEqualTo("behind-tls");
			});
	}

	@Test
	void anSslBundleThatIsReloadedIsUsedByTheNextConnectionToEtcd(@TempDir Path folder) throws IOException {
		TestCertificates first = TestCertificates.create(Files.createDirectory(folder.resolve("ca1")), "First CA");
		TestCertificates second = TestCertificates.create(Files.createDirectory(folder.resolve("ca2")), "Second CA");
		// etcd's certificate is of the second authority; the bundle trusts only the first, for now.
		this.etcd = EmbeddedEtcd.startTls(second);
		this.backend = GreeterBackend.start("behind-rotated-tls");
		this.etcd.put("greeter/only", this.backend.address());
		Path trusted = folder.resolve("ca.pem");
		first.copyCa(trusted);
		this.runner
			.withPropertyValues("grpc.client.etcd.endpoints=" + this.etcd.endpoint(),
					"grpc.client.etcd.ssl.bundle=etcd", "spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + trusted,
					"spring.ssl.bundle.pem.etcd.reload-on-update=true", "spring.ssl.bundle.watch.file.quiet-period=200ms")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				channels.channel("greeter").getState(true);
				await().atMost(WAIT).until(() -> channels.activity("greeter").lastResolutionError() != null);
				assertThat(channels.activity("greeter").readyBackends()).isZero();
				second.copyCa(trusted);
				// The etcd client's next connection trusts the second authority: a read succeeds on
				// one of the channel's retries, without a restart.
				await().atMost(WAIT).until(() -> channels.activity("greeter").readyBackends() == 1);
				assertThat(backendOf(context)).isEqualTo("behind-rotated-tls");
			});
	}

}
