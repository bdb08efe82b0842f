package dev.dialtone.test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;

import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority with a server certificate for 127.0.0.1 and a client
 * certificate, written as PEM files into a folder.
 */
public final class TestCertificates {

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private final Path folder;

	private TestCertificates(Path folder) {
		this.folder = folder;
	}

	public static TestCertificates create(Path folder, String caName) {
		try {
			KeyPair caKeys = keyPair();
			X509Certificate ca = sign(new X500Name("CN=" + caName), caKeys, new X500Name("CN=" + caName), caKeys,
					true);
			KeyPair serverKeys = keyPair();
			X509Certificate server = sign(new X500Name("CN=localhost"), serverKeys, new X500Name("CN=" + caName),
					caKeys, false);
			KeyPair clientKeys = keyPair();
			X509Certificate client = sign(new X500Name("CN=dialtone-client"), clientKeys,
					new X500Name("CN=" + caName), caKeys, false);
			write(folder.resolve("ca.pem"), "CERTIFICATE", ca.getEncoded());
			write(folder.resolve("server.pem"), "CERTIFICATE", server.getEncoded());
			write(folder.resolve("server-key.pem"), "PRIVATE KEY", serverKeys.getPrivate().getEncoded());
			write(folder.resolve("client.pem"), "CERTIFICATE", client.getEncoded());
			write(folder.resolve("client-key.pem"), "PRIVATE KEY", clientKeys.getPrivate().getEncoded());
			return new TestCertificates(folder);
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Could not create test certificates", ex);
		}
	}

	public Path ca() {
		return this.folder.resolve("ca.pem");
	}

	public Path serverCertificate() {
		return this.folder.resolve("server.pem");
	}

	public Path serverKey() {
		return this.folder.resolve("server-key.pem");
	}

	public Path clientCertificate() {
		return this.folder.resolve("client.pem");
	}

	public Path clientKey() {
		return this.folder.resolve("client-key.pem");
	}

	private static KeyPair keyPair() throws GeneralSecurityException {
		KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
		generator.initialize(256);
		return generator.generateKeyPair();
	}

	private static X509Certificate sign(X500Name subject, KeyPair subjectKeys, X500Name issuer, KeyPair issuerKeys,
			boolean authority) throws GeneralSecurityException, OperatorCreationException, IOException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
				Date.from(now.plus(1, ChronoUnit.DAYS)), subject, subjectKeys.getPublic());
		builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(authority));
		if (!authority) {
			builder.addExtension(Extension.subjectAlternativeName, false,
					new GeneralNames(new GeneralName[] { new GeneralName(GeneralName.iPAddress, "127.0.0.1"),
							new GeneralName(GeneralName.dNSName, "localhost") }));
		}
		PrivateKey signingKey = issuerKeys.getPrivate();
		return new JcaX509CertificateConverter()
			.getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(signingKey)));
	}

	private static void write(Path file, String type, byte[] der) throws IOException {
		String body = Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der);
		Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
	}

}
