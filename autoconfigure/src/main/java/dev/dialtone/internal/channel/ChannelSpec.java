package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.List;

import io.grpc.ChannelCredentials;
import org.jspecify.annotations.Nullable;

import dev.dialtone.internal.auth.CallAuthorization;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.tls.ReloadingTlsMaterial;

/**
 * Everything needed to build one channel: the defaults merged in, every value validated. Grouped
 * by what a setting is about, so that a new setting touches one group. Optional settings are null
 * when grpc-java's own default applies.
 *
 * @param name the channel's name
 * @param target where the backends are
 * @param balancing how calls are spread over the backends
 * @param calls what every call gets
 * @param transport how connections are made
 * @param resolution how often the target is resolved again
 * @param lifecycle startup and shutdown
 * @param indicator the channel's part in the Actuator health contributor
 * @param auth the credentials every call carries, or null for none
 */
public record ChannelSpec(String name, ChannelTarget target, Balancing balancing, Calls calls, Transport transport,
		Resolution resolution, Lifecycle lifecycle, Indicator indicator, @Nullable Auth auth) {

	/**
	 * A channel whose calls carry no credentials.
	 */
	public ChannelSpec(String name, ChannelTarget target, Balancing balancing, Calls calls, Transport transport,
			Resolution resolution, Lifecycle lifecycle, Indicator indicator) {
		this(name, target, balancing, calls, transport, resolution, lifecycle, indicator, null);
	}

	/**
	 * @param lbPolicy the load-balancing policy
	 * @param healthCheckServiceName the service name checked on each backend, or null
	 * @param outlierDetection ejection of failing backends around the policy, or null
	 */
	public record Balancing(String lbPolicy, @Nullable String healthCheckServiceName,
			@Nullable OutlierDetection outlierDetection) {

	}

	/**
	 * grpc-java's outlier detection, validated.
	 *
	 * @param interval how often backends are judged
	 * @param baseEjectionTime the first ejection's length
	 * @param maxEjectionTime the longest ejection
	 * @param maxEjectionPercent most backends ejected at once, in percent
	 * @param successRate the success-rate rule
	 * @param failurePercentage the failure-percentage rule
	 */
	public record OutlierDetection(Duration interval, Duration baseEjectionTime, Duration maxEjectionTime,
			int maxEjectionPercent, EjectionRule successRate, EjectionRule failurePercentage) {

	}

	/**
	 * One rule of outlier detection.
	 *
	 * @param limit the success rule's stdev factor (in thousandths) or the failure rule's threshold
	 * (in percent)
	 * @param enforcementPercentage the chance, in percent, that an outlier is ejected
	 * @param minimumHosts backends with enough calls needed to judge any
	 * @param requestVolume calls a backend needs in an interval to be judged
	 */
	public record EjectionRule(int limit, int enforcementPercentage, int minimumHosts, int requestVolume) {

	}

	/**
	 * @param channel what every method without an entry of its own gets
	 * @param methods the {@code methods} entries, in order, each with the channel's settings
	 * inherited
	 * @param retryThrottling the channel's retry budget, or null
	 */
	public record Calls(MethodCalls channel, List<MethodCalls> methods, @Nullable RetryThrottling retryThrottling) {

		public Calls {
			methods = List.copyOf(methods);
		}

		/**
		 * Whether any method retries or hedges.
		 */
		boolean retries() {
			return this.methods.stream().anyMatch((calls) -> calls.retry() != null || calls.hedging() != null)
					|| this.channel.retry() != null || this.channel.hedging() != null;
		}

	}

	/**
	 * @param maxTokens the budget's tokens, 1 to 1000
	 * @param tokenRatio the tokens a successful call gives back
	 */
	public record RetryThrottling(int maxTokens, double tokenRatio) {

	}

	/**
	 * @param security credentials and authority
	 * @param keepalive keepalive pings
	 * @param idleTimeout idle timeout, or null
	 * @param maxInboundMessageSize largest inbound message in bytes, or null
	 * @param userAgent user-agent prefix, or null
	 */
	public record Transport(Security security, Keepalive keepalive, @Nullable Duration idleTimeout,
			@Nullable Integer maxInboundMessageSize, @Nullable String userAgent) {

	}

	/**
	 * @param credentials plaintext, TLS or mTLS credentials
	 * @param description how the channel is secured, for operators ({@code plaintext}, {@code tls}, ...)
	 * @param authority the authority presented to backends and checked against their certificates,
	 * or null for the target's own
	 * @param bundle the SSL bundle's material behind the credentials, which follows the bundle's
	 * reloads; null for a channel without {@code ssl.bundle}
	 */
	public record Security(ChannelCredentials credentials, String description, @Nullable String authority,
			@Nullable ReloadingTlsMaterial bundle) {

		/**
		 * Security without an SSL bundle.
		 */
		public Security(ChannelCredentials credentials, String description, @Nullable String authority) {
			this(credentials, description, authority, null);
		}

	}

	/**
	 * @param time keepalive ping interval, or null
	 * @param timeout keepalive ping timeout, or null
	 * @param withoutCalls whether to ping without calls, or null
	 */
	public record Keepalive(@Nullable Duration time, @Nullable Duration timeout, @Nullable Boolean withoutCalls) {

	}

	/**
	 * @param refreshInterval how often a refreshing resolver (dns:, discovery:) looks the target up
	 * again
	 */
	public record Resolution(Duration refreshInterval) {

	}

	/**
	 * @param shutdownGracePeriod how long calls in flight may finish at shutdown
	 * @param immediateConnectTimeout how long startup waits for the channel to be READY, or null to
	 * connect on the first call
	 */
	public record Lifecycle(Duration shutdownGracePeriod, @Nullable Duration immediateConnectTimeout) {

	}

	/**
	 * @param enabled whether the channel has a health indicator
	 * @param critical whether the channel's failure is DOWN (true) or UNKNOWN (false)
	 */
	public record Indicator(boolean enabled, boolean critical) {

	}

	/**
	 * @param authorization where each call's {@code authorization} header comes from; its
	 * description says what kind of credentials it is, never the secret
	 */
	public record Auth(CallAuthorization authorization) {

		@Override
		public String toString() {
			return "Auth[" + this.authorization.description() + "]";
		}

	}

}
