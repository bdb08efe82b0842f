package dev.dialtone;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

/**
 * A read-only view of one channel's settings, as Dialtone understood them: the channel's own
 * properties over {@code grpc.client.defaults}, then Dialtone's built-in defaults.
 */
public interface GrpcChannelSettings {

	/**
	 * The channel's name, as under {@code grpc.client.channels}.
	 */
	String name();

	/**
	 * The target as configured, e.g. {@code dns:///greeter.internal:50051}.
	 */
	String target();

	/**
	 * The load-balancing policy, e.g. {@code round_robin}.
	 */
	String lbPolicy();

	/**
	 * How the channel is secured: {@code plaintext}, {@code tls}, {@code mtls (bundle name)},
	 * {@code in-process}. Never key material.
	 */
	String security();

	/**
	 * For a channel secured by an SSL bundle ({@code ssl.bundle}), the certificate it presents and
	 * the authorities it trusts, as of the bundle's last load or reload
	 * ({@code spring.ssl.bundle.pem.<b>.reload-on-update}); null for any other channel. Public
	 * certificate data only, never key material.
	 */
	@Nullable Certificates certificates();

	/**
	 * The kind of credentials every call carries: {@code bearer-token}, {@code basic},
	 * {@code token-source (bean name)}, {@code oauth2 (registration id)}; null when calls carry
	 * none. Never a token or password.
	 */
	@Nullable String auth();

	/**
	 * The service name each backend's grpc.health.v1 service is asked about, or null when the
	 * channel does not check its backends' health.
	 */
	@Nullable String healthCheckServiceName();

	/**
	 * The gRPC service config the settings stand for, as grpc-java reads it (a JSON-shaped map).
	 */
	Map<String, Object> serviceConfig();

	/**
	 * What calls get, as written and after inheritance: one entry per {@code methods} entry, in
	 * order, then the channel's own settings for every other method (names {@code ["*"]}). Each
	 * holds {@code names} and the settings that apply ({@code deadline}, {@code waitForReady},
	 * {@code retry}, {@code hedging}, message limits), durations as written ({@code 300ms}).
	 */
	List<Map<String, Object>> calls();

	/**
	 * Whether the channel takes part in the {@code grpcChannels} health contributor.
	 */
	boolean healthIndicatorEnabled();

	/**
	 * Whether the channel's failure is reported DOWN (true) or UNKNOWN (false).
	 */
	boolean healthIndicatorCritical();

	/**
	 * What a bundle-backed channel presents and trusts on its next connection. Connections already
	 * open keep what they were made with until they close.
	 *
	 * @param presented the client certificate sent to backends that ask for one (the first of its
	 * chain), or null when the bundle has no key
	 * @param trusted the authorities a backend's certificate is checked against; empty when the
	 * bundle has no trust store and the JDK's default one applies
	 */
	record Certificates(@Nullable Certificate presented, List<Certificate> trusted) {

		public Certificates {
			trusted = List.copyOf(trusted);
		}

	}

	/**
	 * One X.509 certificate, as operators look at it.
	 *
	 * @param subject the subject's distinguished name (RFC 2253), e.g. {@code CN=orders,O=Example}
	 * @param issuer the issuer's distinguished name (RFC 2253)
	 * @param serialNumber the serial number in hexadecimal
	 * @param notBefore the start of its validity
	 * @param notAfter its expiry
	 */
	record Certificate(String subject, String issuer, String serialNumber, Instant notBefore, Instant notAfter) {

	}

}
