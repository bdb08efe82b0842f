package dev.dialtone.ssl;

import java.io.IOException;
import java.nio.file.Path;

import io.grpc.ServerCredentials;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.TlsServerCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.TestCertificates;
import dev.dialtone.test.TestDnsServer;

import static dev.dialtone.test.GreeterCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * TLS and mutual TLS through Spring Boot SSL bundles, against real TLS servers on loopback with
 * certificates the test generates.
 */
class TlsChannelTests {

	@TempDir
	Path folder;

	private TestCertificates certificates;

	private GreeterBackend backend;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class, SslAutoConfiguration.class));

	@BeforeEach
	void createCertificates() {
		this.certificates = TestCertificates.create(this.folder, "Dialtone Test CA");
	}

	@AfterEach
	void stopBackend() {
		if (this.backend != null) {
			this.backend.close();
		}
	}

	private void startBackend(boolean requireClientCertificate) throws IOException {
		TlsServerCredentials.Builder tls = TlsServerCredentials.newBuilder()
			.keyManager(this.certificates.serverCertificate().toFile(), this.certificates.serverKey().toFile());
		if (requireClientCertificate) {
			tls.trustManager(this.certificates.ca().toFile())
				.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE);
		}
		ServerCredentials credentials = tls.build();
		this.backend = GreeterBackend.start("secure", 0, credentials);
	}

	private String[] channel(String... extra) {
		String[] base = { "grpc.client.channels.greeter.target=static://" + this.backend.address(),
				"spring.ssl.bundle.pem.trusting.truststore.certificate=file:" + this.certificates.ca(),
				"spring.ssl.bundle.pem.mutual.truststore.certificate=file:" + this.certificates.ca(),
				"spring.ssl.bundle.pem.mutual.keystore.certificate=file:" + this.certificates.clientCertificate(),
				"spring.ssl.bundle.pem.mutual.keystore.private-key=file:" + this.certificates.clientKey() };
		String[] all = new String[base.length + extra.length];
		System.arraycopy(base, 0, all, 0, base.length);
		System.arraycopy(extra, 0, all, base.length, extra.length);
		return all;
	}

	@Test
	void bundleTrustsTheServer() throws IOException {
		startBackend(false);
		this.runner.withPropertyValues(channel("grpc.client.channels.greeter.ssl.bundle=trusting")).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			assertThat(call(channels.channel("greeter")).getBackend()).isEqualTo("secure");
			assertThat(channels.settings("greeter").security()).isEqualTo("tls (bundle trusting)");
		});
	}

	@Test
	void authorityOverrideIsCheckedAgainstTheServerCertificate() throws IOException {
		startBackend(false);
		this.runner
			.withPropertyValues(channel("grpc.client.channels.greeter.ssl.bundle=trusting",
					"grpc.client.channels.greeter.authority=localhost"))
			.run((context) -> assertThat(call(context.getBean(GrpcChannels.class).channel("greeter")).getBackend())
				.isEqualTo("secure"));
		this.runner
			.withPropertyValues(channel("grpc.client.channels.greeter.ssl.bundle=trusting",
					"grpc.client.channels.greeter.authority=greeter.example.com"))
			.run((context) -> assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> call(context.getBean(GrpcChannels.class).channel("greeter")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE)));
	}

	@Test
	void jdkTrustStoreDoesNotTrustATestCertificate() throws IOException {
		startBackend(false);
		this.runner.withPropertyValues(channel("grpc.client.channels.greeter.ssl.enabled=true")).run((context) -> {
			assertThat(context.getBean(GrpcChannels.class).settings("greeter").security()).isEqualTo("tls");
			assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> call(context.getBean(GrpcChannels.class).channel("greeter")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE));
		});
	}

	@Test
	void plaintextChannelCannotTalkToATlsServer() throws IOException {
		startBackend(false);
		this.runner.withPropertyValues(channel()).run((context) -> assertThatExceptionOfType(StatusRuntimeException.class)
			.isThrownBy(() -> call(context.getBean(GrpcChannels.class).channel("greeter"))));
	}

	@Test
	void bundleWithAKeyPresentsAClientCertificate() throws IOException {
		startBackend(true);
		this.runner.withPropertyValues(channel("grpc.client.channels.greeter.ssl.bundle=mutual")).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			assertThat(call(channels.channel("greeter")).getBackend()).isEqualTo("secure");
			assertThat(channels.settings("greeter").security()).isEqualTo("mtls (bundle mutual)");
		});
	}

	@Test
	void serverThatRequiresAClientCertificateRejectsABundleWithoutKey() throws IOException {
		startBackend(true);
		this.runner.withPropertyValues(channel("grpc.client.channels.greeter.ssl.bundle=trusting"))
			.run((context) -> assertThatExceptionOfType(StatusRuntimeException.class)
				.isThrownBy(() -> call(context.getBean(GrpcChannels.class).channel("greeter")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE)));
	}

	@Test
	void srvBackendsAreCheckedAgainstTheCertificateOfTheirHost() throws IOException {
		startBackend(false);
		try (TestDnsServer dns = new TestDnsServer()) {
			dns.setA("greeter.example.test", 60, "127.0.0.1");
			String[] srvChannel = { "grpc.client.channels.greeter.target=dns:///_grpc._tcp.greeter.test",
					"grpc.client.dns.servers=" + dns.address(), "grpc.client.channels.greeter.ssl.bundle=trusting",
					"spring.ssl.bundle.pem.trusting.truststore.certificate=file:" + this.certificates.ca() };
			// The certificate names localhost: calls to the SRV host localhost carry it as their
			// authority, not the SRV name, and pass.
			dns.setSrv("_grpc._tcp.greeter.test", 60, "localhost:" + this.backend.port());
			this.runner.withPropertyValues(srvChannel)
				.run((context) -> assertThat(call(context.getBean(GrpcChannels.class).channel("greeter")).getBackend())
					.isEqualTo("secure"));
			// The same backend behind a host its certificate does not name is refused.
			dns.setSrv("_grpc._tcp.greeter.test", 60, "greeter.example.test:" + this.backend.port());
			this.runner.withPropertyValues(srvChannel)
				.run((context) -> assertThatExceptionOfType(StatusRuntimeException.class)
					.isThrownBy(() -> call(context.getBean(GrpcChannels.class).channel("greeter")))
					.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAVAILABLE)));
		}
	}

}
