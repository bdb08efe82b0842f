package dev.dialtone.internal.tls;

import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundleKey;
import org.springframework.boot.ssl.SslStoreBundle;

/**
 * One load of a Spring Boot SSL bundle, taken out of its key stores: the private key with its
 * certificate chain, and the trusted certificates. Read the way Spring Boot's own key and trust
 * managers read the stores (the bundle's key alias and password, else the key store's password;
 * every certificate of the trust store), so that the channel trusts and presents what any other
 * user of the bundle would. Not a record: its key must never end up in a {@code toString()}.
 */
final class BundleMaterial {

	private final @Nullable PrivateKey key;

	private final X509Certificate @Nullable [] chain;

	private final X509Certificate @Nullable [] trusted;

	private BundleMaterial(@Nullable PrivateKey key, X509Certificate @Nullable [] chain,
			X509Certificate @Nullable [] trusted) {
		this.key = key;
		this.chain = chain;
		this.trusted = trusted;
	}

	/**
	 * @throws IllegalStateException when the key or a certificate cannot be read, saying which
	 */
	static BundleMaterial of(SslBundle bundle) {
		SslStoreBundle stores = bundle.getStores();
		KeyStore keyStore = stores.getKeyStore();
		KeyStore trustStore = stores.getTrustStore();
		try {
			PrivateKey key = null;
			X509Certificate[] chain = null;
			if (keyStore != null) {
				String alias = keyAlias(keyStore, bundle.getKey());
				key = privateKey(keyStore, alias, bundle.getKey(), stores);
				chain = x509(keyStore.getCertificateChain(alias), "the certificate chain of key '" + alias + "'");
			}
			return new BundleMaterial(key, chain, (trustStore != null) ? trusted(trustStore) : null);
		}
		catch (GeneralSecurityException ex) {
			throw new IllegalStateException("the key store could not be read (" + ex.getClass().getSimpleName() + ")",
					ex);
		}
	}

	private static String keyAlias(KeyStore keyStore, SslBundleKey bundleKey) throws GeneralSecurityException {
		if (bundleKey.getAlias() != null) {
			bundleKey.assertContainsAlias(keyStore);
			return bundleKey.getAlias();
		}
		for (String alias : Collections.list(keyStore.aliases())) {
			if (keyStore.isKeyEntry(alias)) {
				return alias;
			}
		}
		throw new IllegalStateException("the key store holds no key");
	}

	private static PrivateKey privateKey(KeyStore keyStore, String alias, SslBundleKey bundleKey,
			SslStoreBundle stores) throws GeneralSecurityException {
		String password = (bundleKey.getPassword() != null) ? bundleKey.getPassword() : stores.getKeyStorePassword();
		Key key = keyStore.getKey(alias, (password != null) ? password.toCharArray() : new char[0]);
		if (!(key instanceof PrivateKey privateKey)) {
			throw new IllegalStateException("the key store entry '" + alias + "' is not a private key");
		}
		return privateKey;
	}

	private static X509Certificate[] trusted(KeyStore trustStore) throws GeneralSecurityException {
		// As the JDK's trust managers do: every certificate entry, and the certificate of every key entry.
		List<X509Certificate> trusted = new ArrayList<>();
		for (String alias : Collections.list(trustStore.aliases())) {
			if (trustStore.getCertificate(alias) instanceof X509Certificate certificate) {
				trusted.add(certificate);
			}
		}
		return trusted.toArray(X509Certificate[]::new);
	}

	private static X509Certificate[] x509(Certificate @Nullable [] certificates, String what) {
		if (certificates == null || certificates.length == 0) {
			throw new IllegalStateException("the key store has no " + what);
		}
		X509Certificate[] x509 = new X509Certificate[certificates.length];
		for (int i = 0; i < certificates.length; i++) {
			if (!(certificates[i] instanceof X509Certificate certificate)) {
				throw new IllegalStateException("the key store's " + what + " is not X.509");
			}
			x509[i] = certificate;
		}
		return x509;
	}

	/**
	 * The private key, or null when the bundle has no key store.
	 */
	@Nullable PrivateKey key() {
		return this.key;
	}

	/**
	 * The key's certificate chain, the presented certificate first; null when the bundle has no key
	 * store.
	 */
	X509Certificate @Nullable [] chain() {
		return (this.chain != null) ? this.chain.clone() : null;
	}

	/**
	 * The trusted certificates, or null when the bundle has no trust store and the JDK's applies.
	 */
	X509Certificate @Nullable [] trusted() {
		return (this.trusted != null) ? this.trusted.clone() : null;
	}

}
