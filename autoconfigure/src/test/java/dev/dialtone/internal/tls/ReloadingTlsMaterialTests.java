package dev.dialtone.internal.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.TlsChannelCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.pem.PemSslStoreBundle;
import org.springframework.boot.ssl.pem.PemSslStoreDetails;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dialtone.GrpcChannelSettings.Certificate;
import dev.dialtone.GrpcChannelSettings.Certificates;
import dev.dialtone.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * The material of an SSL bundle in grpc-java's reloading key and trust managers, loaded and
 * reloaded from PEM files without a channel.
 */
@ExtendWith(OutputCaptureExtension.class)
class ReloadingTlsMaterialTests {

	@TempDir
	Path folder;

	private TestCertificates first;

	private TestCertificates second;

	@BeforeEach
	void createAuthorities() throws Exception {
		this.first = TestCertificates.create(Files.createDirectory(this.folder.resolve("ca1")), "First CA");
		this.second = TestCertificates.create(Files.createDirectory(this.folder.resolve("ca2")), "Second CA");
	}

	private static SslBundle bundle(TestCertificates certificates) {
		return SslBundle.of(new PemSslStoreBundle(
				PemSslStoreDetails.forCertificate("file:" + certificates.clientCertificate())
					.withPrivateKey("file:" + certificates.clientKey()),
				PemSslStoreDetails.forCertificate("file:" + certificates.ca())));
	}

	private static X509Certificate presented(ReloadingTlsMaterial material) {
		AdvancedTlsX509KeyManager keyManager = material.keyManager();
		String alias = keyManager.chooseEngineClientAlias(new String[] { "EC" }, null, null);
		return keyManager.getCertificateChain(alias)[0];
	}

	private static String trusted(ReloadingTlsMaterial material) {
		return Arrays.stream(material.trustManager().getAcceptedIssuers())
			.map((ca) -> ca.getSubjectX500Principal().getName())
			.toList()
			.toString();
	}

	@Test
	void presentsTheBundlesKeyAndTrustsItsAuthorities() {
		ReloadingTlsMaterial material = ReloadingTlsMaterial.of("greeter", "mutual", bundle(this.first));
		assertThat(material.mutual()).isTrue();
		assertThat(material.credentials()).isInstanceOf(TlsChannelCredentials.class);
		assertThat(presented(material).getIssuerX500Principal().getName()).isEqualTo("CN=First CA");
		assertThat(trusted(material)).isEqualTo("[CN=First CA]");
		Certificates certificates = material.certificates();
		assertThat(certificates.presented().subject()).isEqualTo("CN=dialtone-client");
		assertThat(certificates.presented().issuer()).isEqualTo("CN=First CA");
		assertThat(certificates.presented().serialNumber())
			.isEqualTo(presented(material).getSerialNumber().toString(16));
		assertThat(certificates.presented().notAfter()).isEqualTo(presented(material).getNotAfter().toInstant());
		assertThat(certificates.trusted()).extracting(Certificate::subject).containsExactly("CN=First CA");
	}

	@Test
	void reloadReplacesKeyAndTrustForNewHandshakesAndTellsTheListeners(CapturedOutput output) {
		ReloadingTlsMaterial material = ReloadingTlsMaterial.of("greeter", "mutual", bundle(this.first));
		AtomicInteger reloads = new AtomicInteger();
		material.onReload(reloads::incrementAndGet);
		material.reload(bundle(this.second));
		assertThat(presented(material).getIssuerX500Principal().getName()).isEqualTo("CN=Second CA");
		assertThat(trusted(material)).isEqualTo("[CN=Second CA]");
		assertThat(material.certificates().presented().issuer()).isEqualTo("CN=Second CA");
		assertThat(material.certificates().trusted()).extracting(Certificate::subject)
			.containsExactly("CN=Second CA");
		assertThat(reloads).hasValue(1);
		assertThat(output).contains("Channel 'greeter' uses SSL bundle 'mutual' as reloaded for new connections: "
				+ "presents CN=dialtone-client (issuer CN=Second CA");
	}

	@Test
	void renewedCertificateOfTheSameAuthorityIsPresentedAfterAReload() {
		ReloadingTlsMaterial material = ReloadingTlsMaterial.of("greeter", "mutual", bundle(this.first));
		X509Certificate before = presented(material);
		Instant notAfter = Instant.now().plus(2, ChronoUnit.DAYS).truncatedTo(ChronoUnit.SECONDS);
		this.first.issue(this.first.clientCertificate(), this.first.clientKey(), "renewed", notAfter);
		material.reload(bundle(this.first));
		assertThat(presented(material).getSerialNumber()).isNotEqualTo(before.getSerialNumber());
		assertThat(material.certificates().presented().subject()).isEqualTo("CN=renewed");
		assertThat(material.certificates().presented().notAfter()).isEqualTo(notAfter);
	}

	@Test
	void materialThatCannotBeReadOnAReloadIsLoggedAndTheOldOneKept(CapturedOutput output) {
		ReloadingTlsMaterial material = ReloadingTlsMaterial.of("greeter", "mutual", bundle(this.first));
		AtomicInteger reloads = new AtomicInteger();
		material.onReload(reloads::incrementAndGet);
		SslBundle withoutTheAlias = SslBundle.of(bundle(this.second).getStores(), SslBundleKey.of(null, "elsewhere"));
		material.reload(withoutTheAlias);
		assertThat(presented(material).getIssuerX500Principal().getName()).isEqualTo("CN=First CA");
		assertThat(trusted(material)).isEqualTo("[CN=First CA]");
		assertThat(material.certificates().presented().issuer()).isEqualTo("CN=First CA");
		assertThat(reloads).hasValue(0);
		assertThat(output)
			.contains("Channel 'greeter' keeps its TLS material: SSL bundle 'mutual' was reloaded but cannot be used")
			.contains("elsewhere");
	}

	@Test
	void bundleWithoutKeyIsOneWayTlsAndPresentsNothing() {
		ReloadingTlsMaterial material = ReloadingTlsMaterial.of("greeter", "trusting",
				SslBundle.of(
						new PemSslStoreBundle(null, PemSslStoreDetails.forCertificate("file:" + this.first.ca()))));
		assertThat(material.mutual()).isFalse();
		assertThat(material.keyManager()).isNull();
		assertThat(material.certificates().presented()).isNull();
		assertThat(material.certificates().trusted()).extracting(Certificate::subject).containsExactly("CN=First CA");
	}

	@Test
	void bundleWithoutTrustStoreTrustsTheJdksAuthorities() {
		ReloadingTlsMaterial material = ReloadingTlsMaterial.of("greeter", "key-only", SslBundle.of(
				new PemSslStoreBundle(PemSslStoreDetails.forCertificate("file:" + this.first.clientCertificate())
					.withPrivateKey("file:" + this.first.clientKey()), null)));
		assertThat(material.trustManager().getAcceptedIssuers()).hasSizeGreaterThan(10);
		assertThat(material.certificates().trusted()).isEmpty();
		assertThat(material.certificates().presented().subject()).isEqualTo("CN=dialtone-client");
	}

	@Test
	void keyThatCannotBeReadAtStartIsAnErrorWithoutTheKey() throws Exception {
		String key = Files.readString(this.first.clientKey());
		String body = key.lines().filter((line) -> !line.startsWith("-----")).findFirst().orElseThrow();
		assertThatIllegalStateException()
			.isThrownBy(() -> ReloadingTlsMaterial.of("greeter", "mutual",
					SslBundle.of(bundle(this.first).getStores(), SslBundleKey.of(null, "elsewhere"))))
			.withMessageContaining("elsewhere")
			.satisfies((ex) -> assertThat(ex.getMessage()).doesNotContain(body));
	}

}
