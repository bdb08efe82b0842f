package dev.dialtone.test;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
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
 * certificate, written as PEM files into a folder. It issues more on demand, e.g. a renewed or a
 * short-lived certificate, written over files that an SSL bundle watches.
 */
public final class TestCertificates {

	private static final AtomicLong serials = new AtomicLong(System.currentTimeMillis());

	private final Path folder;

	private final X500Name caName;

	private final KeyPair caKeys;

	private TestCertificates(Path folder, X500Name caName, KeyPair caKeys) {
		this.folder = folder;
		this.caName = caName;
		this.caKeys = caKeys;
	}

	public static TestCertificates create(Path folder, String caName) {
		try {
			KeyPair caKeys = keyPair();
			X500Name name = new X500Name("CN=" + caName);
			X509Certificate ca = sign(name, caKeys, name, caKeys, true, oneDay());
			write(folder.resolve("ca.pem"), "CERTIFICATE", ca.getEncoded());
			TestCertificates certificates = new TestCertificates(folder, name, caKeys);
			certificates.issue(folder.resolve("server.pem"), folder.resolve("server-key.pem"), "localhost", oneDay());
			certificates.issue(folder.resolve("client.pem"), folder.resolve("client-key.pem"), "dialtone-client",
					oneDay());
			return certificates;
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Could not create test certificates", ex);
		}
	}

	/**
	 * Issues a certificate for 127.0.0.1 and localhost, and writes it and its key over the given
	 * files, each replaced in one move (as cert-manager and SPIFFE helpers swap files), the key
	 * first.
	 * @param certificate where the certificate goes
	 * @param key where its private key goes
	 * @param commonName the subject's CN
	 * @param notAfter its expiry
	 */
	public void issue(Path certificate, Path key, String commonName, Instant notAfter) {
		try {
			KeyPair keys = keyPair();
			X509Certificate issued = sign(new X500Name("CN=" + commonName), keys, this.caName, this.caKeys, false,
					notAfter);
			write(key, "PRIVATE KEY", keys.getPrivate().getEncoded());
			write(certificate, "CERTIFICATE", issued.getEncoded());
		}
		catch (GeneralSecurityException | OperatorCreationException | IOException ex) {
			throw new IllegalStateException("Could not issue a test certificate", ex);
		}
	}

	/**
	 * Writes the authority's certificate over the given file, in one move.
	 */
	public void copyCa(Path file) {
		try {
			write(file, Files.readString(ca()));
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not copy the test CA", ex);
		}
	}

	private static Instant oneDay() {
		return Instant.now().plus(1, ChronoUnit.DAYS);
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
			boolean authority, Instant notAfter)
			throws GeneralSecurityException, OperatorCreationException, IOException {
		Instant now = Instant.now();
		X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer,
				BigInteger.valueOf(serials.incrementAndGet()), Date.from(now.minus(1, ChronoUnit.HOURS)),
				Date.from(notAfter), subject, subjectKeys.getPublic());
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
		write(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
	}

	private static void write(Path file, String content) throws IOException {
		Path next = Files.createTempFile(file.toAbsolutePath().getParent(), ".next-", ".tmp");
		Files.writeString(next, content);
		Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
	}

}
