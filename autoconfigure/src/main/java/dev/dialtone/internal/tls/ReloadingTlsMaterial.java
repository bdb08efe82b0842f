package dev.dialtone.internal.tls;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import javax.security.auth.x500.X500Principal;

import io.grpc.ChannelCredentials;
import io.grpc.TlsChannelCredentials;
import io.grpc.util.AdvancedTlsX509KeyManager;
import io.grpc.util.AdvancedTlsX509TrustManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;

import dev.dialtone.GrpcChannelSettings.Certificate;
import dev.dialtone.GrpcChannelSettings.Certificates;

/**
 * A channel's TLS credentials from a Spring Boot SSL bundle, whose key and trust material can be
 * replaced while the channel runs (or the managers of another gRPC client's TLS, such as etcd's): grpc-java's {@link AdvancedTlsX509KeyManager} and
 * {@link AdvancedTlsX509TrustManager} are consulted on every handshake, so each new connection
 * uses the material of the bundle's last {@link #reload(SslBundle) reload}, and connections
 * already open keep theirs until they close. Backends' certificates are checked against the
 * channel's authority as grpc-java's own TLS does (certificate and host name).
 */
public final class ReloadingTlsMaterial {

	private static final Log logger = LogFactory.getLog(ReloadingTlsMaterial.class);

	// Who uses the material, as log lines name it: "Channel 'greeter'".
	private final String user;

	private final String bundleName;

	private final @Nullable AdvancedTlsX509KeyManager keyManager;

	private final AdvancedTlsX509TrustManager trustManager;

	private final ChannelCredentials credentials;

	private final List<Runnable> reloadListeners = new CopyOnWriteArrayList<>();

	private volatile Certificates certificates;

	private ReloadingTlsMaterial(String user, String bundleName, BundleMaterial material)
			throws GeneralSecurityException, IOException {
		this.user = user;
		this.bundleName = bundleName;
		this.trustManager = AdvancedTlsX509TrustManager.newBuilder()
			.setVerification(AdvancedTlsX509TrustManager.Verification.CERTIFICATE_AND_HOST_NAME_VERIFICATION)
			.build();
		this.keyManager = (material.key() != null) ? new AdvancedTlsX509KeyManager() : null;
		this.certificates = apply(material);
		TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder().trustManager(this.trustManager);
		if (this.keyManager != null) {
			tls.keyManager(this.keyManager);
		}
		this.credentials = tls.build();
	}

	/**
	 * The material of the bundle as it is now.
	 * @param channel the channel's name, for log messages
	 * @param bundleName the bundle's name, for log messages
	 * @param bundle the bundle
	 * @throws IllegalStateException when the bundle's key or certificates cannot be read, saying
	 * why without the key
	 */
	public static ReloadingTlsMaterial of(String channel, String bundleName, SslBundle bundle) {
		return used("Channel '" + channel + "'", bundleName, bundle);
	}

	/**
	 * The material of the bundle as it is now, for a client that is no channel of Dialtone's.
	 * @param user who uses it, as log messages name it, e.g. {@code "The etcd client"}
	 * @param bundleName the bundle's name, for log messages
	 * @param bundle the bundle
	 * @throws IllegalStateException when the bundle's key or certificates cannot be read, saying
	 * why without the key
	 */
	public static ReloadingTlsMaterial used(String user, String bundleName, SslBundle bundle) {
		try {
			return new ReloadingTlsMaterial(user, bundleName, BundleMaterial.of(bundle));
		}
		catch (GeneralSecurityException | IOException ex) {
			throw new IllegalStateException("the trust material could not be used (" + ex.getClass().getSimpleName()
					+ ")", ex);
		}
	}

	/**
	 * TLS credentials that present and trust the material of the bundle's last load, mutual when
	 * the bundle had a key at first.
	 */
	public ChannelCredentials credentials() {
		return this.credentials;
	}

	/**
	 * Whether the channel presents a client certificate (the bundle had a key at first).
	 */
	public boolean mutual() {
		return this.keyManager != null;
	}

	/**
	 * What the next connection presents and trusts; certificates only.
	 */
	public Certificates certificates() {
		return this.certificates;
	}

	/**
	 * Runs the listener after each reload that took effect, e.g. to make a channel whose
	 * connections failed with the old material try again at once.
	 */
	public void onReload(Runnable listener) {
		this.reloadListeners.add(listener);
	}

	/**
	 * Takes the material of the bundle's new load for every connection made from now on. Material
	 * that cannot be read is logged and left out: the channel keeps what it had. Never throws, as
	 * it runs among Spring Boot's bundle update handlers.
	 * @param bundle the bundle as reloaded
	 */
	public void reload(SslBundle bundle) {
		try {
			BundleMaterial material = BundleMaterial.of(bundle);
			this.certificates = apply(material);
			logger.info(this.user + " uses SSL bundle '" + this.bundleName
					+ "' as reloaded for new connections: " + describe(this.certificates));
		}
		catch (RuntimeException | GeneralSecurityException | IOException ex) {
			logger.warn(this.user + " keeps its TLS material: SSL bundle '" + this.bundleName
					+ "' was reloaded but cannot be used: " + ex.getMessage() + " (" + ex.getClass().getName() + ")");
			return;
		}
		this.reloadListeners.forEach(Runnable::run);
	}

	private Certificates apply(BundleMaterial material) throws GeneralSecurityException, IOException {
		X509Certificate[] trusted = material.trusted();
		if (trusted != null) {
			this.trustManager.updateTrustCredentials(trusted);
		}
		else {
			this.trustManager.useSystemDefaultTrustCerts();
		}
		X509Certificate[] chain = material.chain();
		if (this.keyManager != null && material.key() != null && chain != null) {
			this.keyManager.updateIdentityCredentials(chain, material.key());
		}
		else if (this.keyManager != null) {
			logger.warn(this.user + " keeps presenting its client certificate: SSL bundle '"
					+ this.bundleName + "' was reloaded without a key");
		}
		else if (material.key() != null) {
			logger.warn(this.user + " presents no client certificate although SSL bundle '" + this.bundleName
					+ "' now has a key: TLS whose bundle had no key at start stays one-way until the application restarts");
		}
		Certificate presented = (this.keyManager == null) ? null
				: (chain != null && material.key() != null) ? describe(chain[0]) : this.certificates.presented();
		return new Certificates(presented,
				(trusted != null) ? Arrays.stream(trusted).map(ReloadingTlsMaterial::describe).toList() : List.of());
	}

	static Certificate describe(X509Certificate certificate) {
		return new Certificate(certificate.getSubjectX500Principal().getName(X500Principal.RFC2253),
				certificate.getIssuerX500Principal().getName(X500Principal.RFC2253),
				certificate.getSerialNumber().toString(16), certificate.getNotBefore().toInstant(),
				certificate.getNotAfter().toInstant());
	}

	private static String describe(Certificates certificates) {
		Certificate presented = certificates.presented();
		return ((presented != null) ? "presents " + presented.subject() + " (issuer " + presented.issuer()
				+ ", serial " + presented.serialNumber() + ", valid until " + presented.notAfter() + "), " : "")
				+ "trusts " + (certificates.trusted().isEmpty() ? "the JDK's trust store"
						: certificates.trusted().stream().map(Certificate::subject).toList());
	}

	/**
	 * The trust manager that checks servers' certificates (and host names) against the material of
	 * the last load, for a client set up with managers rather than {@link #credentials()}.
	 */
	public AdvancedTlsX509TrustManager trustManager() {
		return this.trustManager;
	}

	/**
	 * The key manager that presents the client certificate of the last load, or null when the
	 * bundle had no key at first.
	 */
	public @Nullable AdvancedTlsX509KeyManager keyManager() {
		return this.keyManager;
	}

}
