package dev.dialtone.ssl;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;

import io.grpc.TlsServerCredentials;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.ssl.pem.PemContent;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.TestCertificates;

import static dev.dialtone.test.GreeterCalls.call;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A bundle from key store files (spring.ssl.bundle.jks.*) whose key entry has an alias and a
 * password of its own: the channel presents the entry the bundle names, read with the key's
 * password, as Spring Boot's own key managers would.
 */
class BundleKeyStoreTests {

	private static final String BUNDLE = "spring.ssl.bundle.jks.stores.";

	@TempDir
	Path folder;

	private TestCertificates certificates;

	private GreeterBackend backend;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class, SslAutoConfiguration.class));

	@BeforeEach
	void startBackend() throws Exception {
		this.certificates = TestCertificates.create(this.folder, "Key Store CA");
		this.backend = GreeterBackend.start("secure", 0,
				TlsServerCredentials.newBuilder()
					.keyManager(this.certificates.serverCertificate().toFile(), this.certificates.serverKey().toFile())
					.trustManager(this.certificates.ca().toFile())
					.clientAuth(TlsServerCredentials.ClientAuth.REQUIRE)
					.build());
	}

	@AfterEach
	void stopBackend() {
		this.backend.close();
	}

	private String[] channel(String keyAlias) throws IOException, GeneralSecurityException {
		KeyStore keys = KeyStore.getInstance("PKCS12");
		keys.load(null, null);
		// A decoy first, so that taking any key would take the wrong one.
		TestCertificates other = TestCertificates.create(Files.createDirectory(this.folder.resolve("other")),
				"Other CA");
		keys.setKeyEntry("decoy", PemContent.load(other.clientKey()).getPrivateKey(), "key-secret".toCharArray(),
				PemContent.load(other.clientCertificate()).getCertificates().toArray(Certificate[]::new));
		keys.setKeyEntry("client", PemContent.load(this.certificates.clientKey()).getPrivateKey(),
				"key-secret".toCharArray(),
				PemContent.load(this.certificates.clientCertificate()).getCertificates().toArray(Certificate[]::new));
		KeyStore trust = KeyStore.getInstance("PKCS12");
		trust.load(null, null);
		trust.setCertificateEntry("ca", PemContent.load(this.certificates.ca()).getCertificates().get(0));
		return new String[] { "grpc.client.channels.greeter.target=static://" + this.backend.address(),
				"grpc.client.channels.greeter.ssl.bundle=stores",
				BUNDLE + "keystore.location=file:" + write(keys, "keys.p12"), BUNDLE + "keystore.type=PKCS12",
				BUNDLE + "keystore.password=store-secret", BUNDLE + "key.alias=" + keyAlias,
				BUNDLE + "key.password=key-secret", BUNDLE + "truststore.location=file:" + write(trust, "trust.p12"),
				BUNDLE + "truststore.type=PKCS12", BUNDLE + "truststore.password=store-secret" };
	}

	private Path write(KeyStore store, String name) throws IOException, GeneralSecurityException {
		Path file = this.folder.resolve(name);
		try (OutputStream out = Files.newOutputStream(file)) {
			store.store(out, "store-secret".toCharArray());
		}
		return file;
	}

	@Test
	void keyOfTheBundlesAliasIsReadWithTheKeysPassword() throws Exception {
		this.runner.withPropertyValues(channel("client")).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			assertThat(call(channels.channel("greeter")).getBackend()).isEqualTo("secure");
			assertThat(channels.settings("greeter").security()).isEqualTo("mtls (bundle stores)");
			assertThat(channels.settings("greeter").certificates().presented().issuer()).isEqualTo("CN=Key Store CA");
		});
	}

	@Test
	void aliasThatTheKeyStoreDoesNotHoldStopsTheStart() throws Exception {
		this.runner.withPropertyValues(channel("nope"))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidGrpcClientPropertyException.class)
				.hasMessageContaining("grpc.client.channels.greeter.ssl.bundle")
				.hasMessageContaining("'stores'")
				.hasMessageContaining("alias 'nope'")
				.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain("secret")));
	}

}
