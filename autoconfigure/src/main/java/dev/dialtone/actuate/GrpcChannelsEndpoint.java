package dev.dialtone.actuate;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.OperationResponseBody;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;

import dev.dialtone.GrpcChannelActivity;
import dev.dialtone.GrpcChannelSettings;
import dev.dialtone.GrpcChannels;

/**
 * {@code /actuator/grpcchannels}: every gRPC channel as it is configured and as it is doing. Built
 * from settings and from state the channels already keep; reading it never makes a channel
 * connect. Credentials are described ({@code plaintext}, {@code tls}, {@code mtls (bundle x)};
 * {@code bearer-token}, {@code oauth2 (registration x)}), never shown; a channel with an SSL bundle
 * shows the certificates it presents and trusts.
 */
@Endpoint(id = "grpcchannels")
public class GrpcChannelsEndpoint {

	private final GrpcChannels channels;

	public GrpcChannelsEndpoint(GrpcChannels channels) {
		this.channels = channels;
	}

	@ReadOperation
	public ChannelsDescriptor channels() {
		Map<String, ChannelDescriptor> descriptors = new LinkedHashMap<>();
		this.channels.names().forEach((name) -> descriptors.put(name, describe(name)));
		return new ChannelsDescriptor(descriptors);
	}

	/**
	 * One channel, or null (404) when no channel has the name.
	 */
	@ReadOperation
	public ChannelDescriptor channel(@Selector String name) {
		return this.channels.names().contains(name) ? describe(name) : null;
	}

	private ChannelDescriptor describe(String name) {
		GrpcChannelSettings settings = this.channels.settings(name);
		GrpcChannelActivity activity = this.channels.activity(name);
		List<BackendDescriptor> backends = activity.backends()
			.values()
			.stream()
			.map((backend) -> new BackendDescriptor(backend.address(), backend.state().name(),
					(backend.health() != null) ? backend.health().name() : null, backend.ejected(), backend.lastError()))
			.toList();
		Resolution resolution = new Resolution(activity.resolvedAddresses(),
				(activity.lastResolvedAt() != null) ? activity.lastResolvedAt().toString() : null,
				activity.lastResolutionError(), activity.resolutions(), activity.resolutionFailures());
		return new ChannelDescriptor(name, settings.target(), this.channels.channel(name).getState(false).name(),
				settings.lbPolicy(), settings.security(), CertificatesDescriptor.of(settings.certificates()),
				settings.auth(), settings.calls(), settings.serviceConfig(), resolution, backends);
	}

	/**
	 * Every channel, by name.
	 *
	 * @param channels the channels in configuration order
	 */
	public record ChannelsDescriptor(Map<String, ChannelDescriptor> channels) implements OperationResponseBody {

	}

	/**
	 * One channel.
	 *
	 * @param name the channel's name
	 * @param target the target as configured
	 * @param state the channel's connectivity state
	 * @param lbPolicy the load-balancing policy
	 * @param security how the channel is secured
	 * @param certificates for a channel with an SSL bundle, what its next connection presents and
	 * trusts (following the bundle's reloads); null for other channels
	 * @param auth the kind of credentials calls carry ({@code bearer-token}, {@code basic},
	 * {@code token-source (bean x)}, {@code oauth2 (registration x)}), never their value; null for
	 * none
	 * @param calls what calls get per methods entry, then for every other method, as written with
	 * inheritance applied
	 * @param serviceConfig the service config grpc-java runs, built from the channel's settings
	 * @param resolution what the name resolver gave last
	 * @param backends the backends the load balancer holds, with their states
	 */
	public record ChannelDescriptor(String name, String target, String state, String lbPolicy, String security,
			@Nullable CertificatesDescriptor certificates, @Nullable String auth, List<Map<String, Object>> calls,
			Map<String, Object> serviceConfig, Resolution resolution, List<BackendDescriptor> backends)
			implements OperationResponseBody {

	}

	/**
	 * The certificates of a channel with an SSL bundle, never its key.
	 *
	 * @param presented the client certificate it presents, or null when the bundle has no key
	 * @param trusted the authorities it checks backends' certificates against; empty when the JDK's
	 * trust store applies
	 */
	public record CertificatesDescriptor(@Nullable CertificateDescriptor presented,
			List<CertificateDescriptor> trusted) {

		static @Nullable CertificatesDescriptor of(GrpcChannelSettings.@Nullable Certificates certificates) {
			if (certificates == null) {
				return null;
			}
			return new CertificatesDescriptor(CertificateDescriptor.of(certificates.presented()),
					certificates.trusted().stream().map(CertificateDescriptor::of).toList());
		}

	}

	/**
	 * One certificate.
	 *
	 * @param subject the subject's distinguished name
	 * @param issuer the issuer's distinguished name
	 * @param serialNumber the serial number in hexadecimal
	 * @param notBefore the start of its validity, as an ISO-8601 instant
	 * @param notAfter its expiry, as an ISO-8601 instant
	 */
	public record CertificateDescriptor(String subject, String issuer, String serialNumber, String notBefore,
			String notAfter) {

		static @Nullable CertificateDescriptor of(GrpcChannelSettings.@Nullable Certificate certificate) {
			if (certificate == null) {
				return null;
			}
			return new CertificateDescriptor(certificate.subject(), certificate.issuer(), certificate.serialNumber(),
					certificate.notBefore().toString(), certificate.notAfter().toString());
		}

	}

	/**
	 * The name resolver's last answer.
	 *
	 * @param addresses the addresses last resolved, empty before the first resolution
	 * @param resolvedAt when, as an ISO-8601 instant, or null before the first resolution
	 * @param lastError the error of the last failed resolution, or null
	 * @param resolutions how many lookups found addresses
	 * @param failures how many lookups failed
	 */
	public record Resolution(List<String> addresses, String resolvedAt, String lastError, long resolutions,
			long failures) {

	}

	/**
	 * One backend.
	 *
	 * @param address its address
	 * @param state its connection's state
	 * @param health on a health-checked channel, SERVING, NOT_SERVING (the channel sends it no
	 * calls) or UNKNOWN (not connected, or no answer yet); null when the channel does not check health
	 * @param ejected whether outlier detection has ejected it for failing more than the others
	 * @param lastError why it takes no calls (its connection's or its health check's last error, or
	 * its ejection) until it takes calls again, or null
	 */
	public record BackendDescriptor(String address, String state, String health, boolean ejected,
			String lastError) {

	}

}
