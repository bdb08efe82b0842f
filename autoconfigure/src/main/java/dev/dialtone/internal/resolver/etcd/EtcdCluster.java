package dev.dialtone.internal.resolver.etcd;

import java.net.URI;
import java.util.List;

import org.jspecify.annotations.Nullable;

import dev.dialtone.internal.tls.ReloadingTlsMaterial;

/**
 * Where the backends of {@code etcd:} targets are written, as validated from
 * {@code grpc.client.etcd.*}: the cluster's client URLs, how to log in, how to check its
 * certificate, and the prefix of every key. Refers to no jetcd class. Its {@link #toString()}
 * never shows the password.
 *
 * @param endpoints the client URLs, all {@code http} or all {@code https}, each with a host and a
 * port and nothing else; empty when none is configured
 * @param username the user to log in as, or null to connect without authentication
 * @param password the user's password, or null without a user
 * @param tlsMaterial the trust material (and key, for mTLS) of the SSL bundle used with
 * {@code https} endpoints, as last loaded, or null for the JDK's trust store
 * @param keyPrefix prepended to every key looked under: empty, or ending with {@code /}
 */
public record EtcdCluster(List<URI> endpoints, @Nullable String username, @Nullable String password,
		@Nullable ReloadingTlsMaterial tlsMaterial, String keyPrefix) {

	public EtcdCluster {
		endpoints = List.copyOf(endpoints);
	}

	/**
	 * Whether the cluster is reached over TLS: its endpoints are {@code https}.
	 */
	public boolean tls() {
		return !this.endpoints.isEmpty() && "https".equalsIgnoreCase(this.endpoints.get(0).getScheme());
	}

	/**
	 * Whether endpoints are configured at all.
	 */
	public boolean configured() {
		return !this.endpoints.isEmpty();
	}

	/**
	 * The cluster for log lines and errors: its endpoints (which carry no credentials) and user.
	 */
	public String describe() {
		return "etcd at " + this.endpoints + ((this.username != null) ? " as user '" + this.username + "'" : "");
	}

	@Override
	public String toString() {
		return "EtcdCluster[endpoints=" + this.endpoints + ", username=" + this.username + ", password="
				+ ((this.password != null) ? "******" : null) + ", tls=" + tls() + ", keyPrefix=" + this.keyPrefix
				+ "]";
	}

}
