package dev.dialtone.internal.resolver.etcd;

import java.net.URI;
import java.nio.charset.StandardCharsets;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.grpc.netty.GrpcSslContexts;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import org.jspecify.annotations.Nullable;

import dev.dialtone.internal.tls.ReloadingTlsMaterial;

/**
 * Builds the one jetcd {@link Client} of an {@link EtcdCluster}. The client connects on its first
 * request, so building it opens no connection.
 */
final class EtcdClients {

	private EtcdClients() {
	}

	static Client create(EtcdCluster cluster) {
		// Not jetcd's default wait-for-ready: a read while etcd is down must fail, so that channels
		// say etcd is unreachable and the read is tried again with backoff.
		ClientBuilder builder = Client.builder()
			.endpoints(cluster.endpoints().toArray(URI[]::new))
			.waitForReady(false);
		if (cluster.username() != null && cluster.password() != null) {
			builder.user(ByteSequence.from(cluster.username(), StandardCharsets.UTF_8))
				.password(ByteSequence.from(cluster.password(), StandardCharsets.UTF_8));
		}
		if (cluster.tls()) {
			builder.sslContext(sslContext(cluster.tlsMaterial()));
		}
		return builder.build();
	}

	/**
	 * TLS with the bundle's material, consulted on every handshake, so that a connection made
	 * after the bundle is reloaded uses the new material; the JDK's trust store without a bundle.
	 */
	private static SslContext sslContext(@Nullable ReloadingTlsMaterial material) {
		SslContextBuilder tls = GrpcSslContexts.forClient();
		if (material != null) {
			tls.trustManager(material.trustManager());
			if (material.keyManager() != null) {
				tls.keyManager(material.keyManager());
			}
		}
		try {
			return tls.build();
		}
		catch (SSLException ex) {
			throw new IllegalStateException("TLS to etcd could not be set up: " + ex.getMessage(), ex);
		}
	}

}
