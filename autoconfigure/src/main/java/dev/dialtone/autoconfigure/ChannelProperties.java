package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The settings of one channel, as written under {@code grpc.client.channels.<name>} or
 * {@code grpc.client.defaults}. A value left unset (null) is taken from the defaults, then from
 * Dialtone's built-in default.
 */
public class ChannelProperties implements CallProperties {

	/**
	 * Where the channel's backends are: dns:///host:port, static://h1:p1,h2:p2, in-process:name,
	 * unix:/path, host:port (resolved with grpc.client.default-scheme), or any scheme of a
	 * NameResolverProvider bean.
	 */
	private String target;

	/**
	 * Load-balancing policy: pick_first, round_robin or any policy registered in grpc-java's
	 * LoadBalancerRegistry. Default round_robin.
	 */
	private String lbPolicy;

	/**
	 * Deadline given to every call that carries none of its own. Unset: no deadline.
	 */
	private Duration deadline;

	/**
	 * Whether calls wait for a backend to be ready instead of failing at once while none is
	 * (gRPC's wait-for-ready), for every method without an entry of its own. Default false.
	 */
	private Boolean waitForReady;

	/**
	 * Retry of failed calls, built into the channel's service config, for every method without an
	 * entry of its own.
	 */
	private final Retry retry = new Retry();

	/**
	 * Hedging: further attempts of a call sent while the first is still waiting, the first answer
	 * wins. For every method without an entry of its own; not together with retry.
	 */
	private final Hedging hedging = new Hedging();

	/**
	 * gRPC's retry budget for the whole channel: retries and hedges stop while too many calls fail.
	 */
	private final RetryThrottling retryThrottling = new RetryThrottling();

	/**
	 * Ejection of backends that fail much more than the others (grpc-java's outlier detection
	 * around the lb-policy).
	 */
	private final OutlierDetection outlierDetection = new OutlierDetection();

	/**
	 * Settings of particular services and methods; the first entry whose names match a call
	 * wins. A channel's list replaces the one under grpc.client.defaults as a whole; each entry
	 * inherits what it does not set from its channel.
	 */
	private List<Method> methods;

	/**
	 * Client-side health checking of every backend through the grpc.health.v1 protocol.
	 */
	private final HealthCheck healthCheck = new HealthCheck();

	/**
	 * The channel's part in the grpcChannels health contributor (Spring Boot Actuator).
	 */
	private final Health health = new Health();

	/**
	 * Transport security.
	 */
	private final Ssl ssl = new Ssl();

	/**
	 * Credentials sent with every call: one of bearer-token, token-source, basic or oauth2.
	 */
	private final Auth auth = new Auth();

	/**
	 * HTTP/2 keepalive pings.
	 */
	private final Keepalive keepalive = new Keepalive();

	/**
	 * Re-resolution of this channel's target by a refreshing resolver (dns:, discovery:).
	 */
	private final Resolution resolution = new Resolution();

	/**
	 * Deprecated: see resolution.
	 */
	private final Dns dns = new Dns();

	/**
	 * Time without calls after which the channel drops its connections. Default 30m (grpc-java's).
	 */
	private Duration idleTimeout;

	/**
	 * Largest message the channel accepts from a backend. Default 4MB (grpc-java's).
	 */
	private DataSize maxInboundMessageSize;

	/**
	 * Prefix of the user-agent header sent with every call.
	 */
	private String userAgent;

	/**
	 * Authority (host name) sent to backends and checked against their TLS certificates, instead
	 * of the one taken from the target: for static lists and IP targets behind TLS certificates
	 * issued for a name.
	 */
	private String authority;

	/**
	 * On shutdown, how long calls in flight may take to finish before the channel is closed
	 * forcefully. Default 5s.
	 */
	private Duration shutdownGracePeriod;

	/**
	 * Connect during startup and wait, at most this long, until the channel is READY; the
	 * application does not start when it is not, and the message says why. Unset (the default):
	 * the channel connects on its first call.
	 */
	private Duration immediateConnectTimeout;

	public String getTarget() {
		return this.target;
	}

	public void setTarget(String target) {
		this.target = target;
	}

	public String getLbPolicy() {
		return this.lbPolicy;
	}

	public void setLbPolicy(String lbPolicy) {
		this.lbPolicy = lbPolicy;
	}

	@Override
	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	@Override
	public Boolean getWaitForReady() {
		return this.waitForReady;
	}

	public void setWaitForReady(Boolean waitForReady) {
		this.waitForReady = waitForReady;
	}

	@Override
	public Retry getRetry() {
		return this.retry;
	}

	@Override
	public Hedging getHedging() {
		return this.hedging;
	}

	public RetryThrottling getRetryThrottling() {
		return this.retryThrottling;
	}

	public OutlierDetection getOutlierDetection() {
		return this.outlierDetection;
	}

	public List<Method> getMethods() {
		return this.methods;
	}

	public void setMethods(List<Method> methods) {
		this.methods = methods;
	}

	public HealthCheck getHealthCheck() {
		return this.healthCheck;
	}

	public Health getHealth() {
		return this.health;
	}

	public Resolution getResolution() {
		return this.resolution;
	}

	public Ssl getSsl() {
		return this.ssl;
	}

	public Auth getAuth() {
		return this.auth;
	}

	public Keepalive getKeepalive() {
		return this.keepalive;
	}

	public Dns getDns() {
		return this.dns;
	}

	public Duration getIdleTimeout() {
		return this.idleTimeout;
	}

	public void setIdleTimeout(Duration idleTimeout) {
		this.idleTimeout = idleTimeout;
	}

	public DataSize getMaxInboundMessageSize() {
		return this.maxInboundMessageSize;
	}

	public void setMaxInboundMessageSize(DataSize maxInboundMessageSize) {
		this.maxInboundMessageSize = maxInboundMessageSize;
	}

	public String getUserAgent() {
		return this.userAgent;
	}

	public void setUserAgent(String userAgent) {
		this.userAgent = userAgent;
	}

	public String getAuthority() {
		return this.authority;
	}

	public void setAuthority(String authority) {
		this.authority = authority;
	}

	public Duration getShutdownGracePeriod() {
		return this.shutdownGracePeriod;
	}

	public void setShutdownGracePeriod(Duration shutdownGracePeriod) {
		this.shutdownGracePeriod = shutdownGracePeriod;
	}

	public Duration getImmediateConnectTimeout() {
		return this.immediateConnectTimeout;
	}

	public void setImmediateConnectTimeout(Duration immediateConnectTimeout) {
		this.immediateConnectTimeout = immediateConnectTimeout;
	}

	public static class Retry {

		/**
		 * Whether failed calls are retried. Default false.
		 */
		private Boolean enabled;

		/**
		 * Attempts per call, the first one included: 2 to 5. Default 3.
		 */
		private Integer maxAttempts;

		/**
		 * Wait before the first retry (randomized by grpc-java). Default 100ms.
		 */
		private Duration initialBackoff;

		/**
		 * Longest wait between two attempts. Default 1s.
		 */
		private Duration maxBackoff;

		/**
		 * Factor by which the wait grows after each attempt. Default 2.0.
		 */
		private Double backoffMultiplier;

		/**
		 * Status codes that make a call be retried. Default [UNAVAILABLE].
		 */
		private List<String> retryableStatusCodes;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getInitialBackoff() {
			return this.initialBackoff;
		}

		public void setInitialBackoff(Duration initialBackoff) {
			this.initialBackoff = initialBackoff;
		}

		public Duration getMaxBackoff() {
			return this.maxBackoff;
		}

		public void setMaxBackoff(Duration maxBackoff) {
			this.maxBackoff = maxBackoff;
		}

		public Double getBackoffMultiplier() {
			return this.backoffMultiplier;
		}

		public void setBackoffMultiplier(Double backoffMultiplier) {
			this.backoffMultiplier = backoffMultiplier;
		}

		public List<String> getRetryableStatusCodes() {
			return this.retryableStatusCodes;
		}

		public void setRetryableStatusCodes(List<String> retryableStatusCodes) {
			this.retryableStatusCodes = retryableStatusCodes;
		}

	}

	public static class Hedging {

		/**
		 * Whether calls are hedged. Default false.
		 */
		private Boolean enabled;

		/**
		 * Attempts per call, the first one included: 2 to 5. Default 3.
		 */
		private Integer maxAttempts;

		/**
		 * Time between two hedged attempts. Default 0 (all at once).
		 */
		private Duration delay;

		/**
		 * Status codes after which the other attempts go on; any other code ends the call.
		 * Default none.
		 */
		private List<String> nonFatalStatusCodes;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Integer getMaxAttempts() {
			return this.maxAttempts;
		}

		public void setMaxAttempts(Integer maxAttempts) {
			this.maxAttempts = maxAttempts;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public List<String> getNonFatalStatusCodes() {
			return this.nonFatalStatusCodes;
		}

		public void setNonFatalStatusCodes(List<String> nonFatalStatusCodes) {
			this.nonFatalStatusCodes = nonFatalStatusCodes;
		}

	}

	public static class RetryThrottling {

		/**
		 * Tokens of the channel's retry budget, 1 to 1000: each failed call takes one, each
		 * successful call gives back token-ratio, and retries and hedges stop while fewer than
		 * half are left. Unset: no throttling.
		 */
		private Integer maxTokens;

		/**
		 * Tokens a successful call gives back, from 0.001 (three decimals). Default 0.1.
		 */
		private Double tokenRatio;

		public Integer getMaxTokens() {
			return this.maxTokens;
		}

		public void setMaxTokens(Integer maxTokens) {
			this.maxTokens = maxTokens;
		}

		public Double getTokenRatio() {
			return this.tokenRatio;
		}

		public void setTokenRatio(Double tokenRatio) {
			this.tokenRatio = tokenRatio;
		}

	}

	public static class OutlierDetection {

		/**
		 * Whether backends that fail much more than the others are ejected for a while. Default
		 * false.
		 */
		private Boolean enabled;

		/**
		 * How often backends are judged. Default 10s.
		 */
		private Duration interval;

		/**
		 * How long a backend stays ejected the first time; each further ejection adds as much.
		 * Default 30s.
		 */
		private Duration baseEjectionTime;

		/**
		 * Longest ejection. Default the larger of base-ejection-time and 300s.
		 */
		private Duration maxEjectionTime;

		/**
		 * Most backends ejected at once, as a percentage of all: 0 to 100. Default 10; at least
		 * one backend can always be ejected.
		 */
		private Integer maxEjectionPercent;

		/**
		 * Ejection of backends whose success rate is far below the others' mean.
		 */
		private final SuccessRate successRate = new SuccessRate();

		/**
		 * Ejection of backends whose failures exceed a percentage of their calls.
		 */
		private final FailurePercentage failurePercentage = new FailurePercentage();

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public Duration getBaseEjectionTime() {
			return this.baseEjectionTime;
		}

		public void setBaseEjectionTime(Duration baseEjectionTime) {
			this.baseEjectionTime = baseEjectionTime;
		}

		public Duration getMaxEjectionTime() {
			return this.maxEjectionTime;
		}

		public void setMaxEjectionTime(Duration maxEjectionTime) {
			this.maxEjectionTime = maxEjectionTime;
		}

		public Integer getMaxEjectionPercent() {
			return this.maxEjectionPercent;
		}

		public void setMaxEjectionPercent(Integer maxEjectionPercent) {
			this.maxEjectionPercent = maxEjectionPercent;
		}

		public SuccessRate getSuccessRate() {
			return this.successRate;
		}

		public FailurePercentage getFailurePercentage() {
			return this.failurePercentage;
		}

		public static class SuccessRate {

			/**
			 * A backend is ejected when its success rate is below the mean by more than
			 * stdev-factor / 1000 standard deviations. Default 1900.
			 */
			private Integer stdevFactor;

			/**
			 * Chance, in percent, that a backend found an outlier is ejected; 0 turns this
			 * rule off. Default 100.
			 */
			private Integer enforcementPercentage;

			/**
			 * Backends with at least request-volume calls needed to judge any. Default 5.
			 */
			private Integer minimumHosts;

			/**
			 * Calls a backend needs in an interval to be judged. Default 100.
			 */
			private Integer requestVolume;

			public Integer getStdevFactor() {
				return this.stdevFactor;
			}

			public void setStdevFactor(Integer stdevFactor) {
				this.stdevFactor = stdevFactor;
			}

			public Integer getEnforcementPercentage() {
				return this.enforcementPercentage;
			}

			public void setEnforcementPercentage(Integer enforcementPercentage) {
				this.enforcementPercentage = enforcementPercentage;
			}

			public Integer getMinimumHosts() {
				return this.minimumHosts;
			}

			public void setMinimumHosts(Integer minimumHosts) {
				this.minimumHosts = minimumHosts;
			}

			public Integer getRequestVolume() {
				return this.requestVolume;
			}

			public void setRequestVolume(Integer requestVolume) {
				this.requestVolume = requestVolume;
			}

		}

		public static class FailurePercentage {

			/**
			 * A backend is ejected when more than this percentage of its calls failed: 0 to
			 * 100. Default 85.
			 */
			private Integer threshold;

			/**
			 * Chance, in percent, that a backend over the threshold is ejected; 0 turns this
			 * rule off. Default 100.
			 */
			private Integer enforcementPercentage;

			/**
			 * Backends with at least request-volume calls needed to judge any. Default 5.
			 */
			private Integer minimumHosts;

			/**
			 * Calls a backend needs in an interval to be judged. Default 50.
			 */
			private Integer requestVolume;

			public Integer getThreshold() {
				return this.threshold;
			}

			public void setThreshold(Integer threshold) {
				this.threshold = threshold;
			}

			public Integer getEnforcementPercentage() {
				return this.enforcementPercentage;
			}

			public void setEnforcementPercentage(Integer enforcementPercentage) {
				this.enforcementPercentage = enforcementPercentage;
			}

			public Integer getMinimumHosts() {
				return this.minimumHosts;
			}

			public void setMinimumHosts(Integer minimumHosts) {
				this.minimumHosts = minimumHosts;
			}

			public Integer getRequestVolume() {
				return this.requestVolume;
			}

			public void setRequestVolume(Integer requestVolume) {
				this.requestVolume = requestVolume;
			}

		}

	}

	/**
	 * Settings of some services or methods of the channel.
	 */
	public static class Method implements CallProperties {

		/**
		 * The methods it applies to: "service/method" (e.g. helloworld.Greeter/SayHello) or
		 * "service" for all its methods.
		 */
		private List<String> names = new ArrayList<>();

		/**
		 * Deadline given to calls of these methods that carry none of their own.
		 */
		private Duration deadline;

		/**
		 * Whether calls of these methods wait for a ready backend instead of failing at once.
		 */
		private Boolean waitForReady;

		/**
		 * Retry of these methods.
		 */
		private final Retry retry = new Retry();

		/**
		 * Hedging of these methods.
		 */
		private final Hedging hedging = new Hedging();

		/**
		 * Largest request message these methods may send. Default unlimited.
		 */
		private DataSize maxRequestMessageSize;

		/**
		 * Largest response message these methods accept. Default the channel's
		 * max-inbound-message-size.
		 */
		private DataSize maxResponseMessageSize;

		public List<String> getNames() {
			return this.names;
		}

		public void setNames(List<String> names) {
			this.names = names;
		}

		@Override
		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

		@Override
		public Boolean getWaitForReady() {
			return this.waitForReady;
		}

		public void setWaitForReady(Boolean waitForReady) {
			this.waitForReady = waitForReady;
		}

		@Override
		public Retry getRetry() {
			return this.retry;
		}

		@Override
		public Hedging getHedging() {
			return this.hedging;
		}

		public DataSize getMaxRequestMessageSize() {
			return this.maxRequestMessageSize;
		}

		public void setMaxRequestMessageSize(DataSize maxRequestMessageSize) {
			this.maxRequestMessageSize = maxRequestMessageSize;
		}

		public DataSize getMaxResponseMessageSize() {
			return this.maxResponseMessageSize;
		}

		public void setMaxResponseMessageSize(DataSize maxResponseMessageSize) {
			this.maxResponseMessageSize = maxResponseMessageSize;
		}

	}

	public static class Health {

		/**
		 * Deprecated: use health-check.service-name.
		 */
		private String serviceName;

		/**
		 * The channel's part in the grpcChannels health contributor (Spring Boot Actuator).
		 */
		private final Indicator indicator = new Indicator();

		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "grpc.client.channels.*.health-check.service-name",
				since = "0.1.0")
		public String getServiceName() {
			return this.serviceName;
		}

		@Deprecated(since = "0.1.0")
		public void setServiceName(String serviceName) {
			this.serviceName = serviceName;
		}

		public Indicator getIndicator() {
			return this.indicator;
		}

		public static class Indicator {

			/**
			 * Whether the channel appears under the grpcChannels health contributor. Default true.
			 */
			private Boolean enabled;

			/**
			 * Whether a failing channel (TRANSIENT_FAILURE) is reported DOWN. False reports it
			 * UNKNOWN instead, so that a backend the application can do without does not take
			 * the application's health down. Default true.
			 */
			private Boolean critical;

			public Boolean getEnabled() {
				return this.enabled;
			}

			public void setEnabled(Boolean enabled) {
				this.enabled = enabled;
			}

			public Boolean getCritical() {
				return this.critical;
			}

			public void setCritical(Boolean critical) {
				this.critical = critical;
			}

		}

	}

	public static class Ssl {

		/**
		 * Whether the channel uses TLS. Default false, or true when a bundle is named. Without a
		 * bundle, the JDK's trust store verifies the backends.
		 */
		private Boolean enabled;

		/**
		 * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material verifies the
		 * backends; when the bundle has a key, it is presented as client certificate (mTLS).
		 */
		private String bundle;

		public Boolean getEnabled() {
			return this.enabled;
		}

		public void setEnabled(Boolean enabled) {
			this.enabled = enabled;
		}

		public String getBundle() {
			return this.bundle;
		}

		public void setBundle(String bundle) {
			this.bundle = bundle;
		}

	}

	public static class Auth {

		/**
		 * A fixed token sent as "authorization: Bearer TOKEN" with every call, e.g.
		 * ${GREETER_TOKEN} from the environment.
		 */
		private String bearerToken;

		/**
		 * Name (or qualifier) of a GrpcTokenSource bean that supplies the bearer token of every
		 * call.
		 */
		private String tokenSource;

		/**
		 * HTTP basic authentication of every call.
		 */
		private final Basic basic = new Basic();

		/**
		 * OAuth2 client credentials of every call, from Spring Security's OAuth2 client.
		 */
		private final OAuth2 oauth2 = new OAuth2();

		/**
		 * Whether credentials may be sent over a plaintext connection to a backend that is
		 * neither on loopback nor in-process. Default false: such a channel must use TLS.
		 */
		private Boolean allowPlaintext;

		public String getBearerToken() {
			return this.bearerToken;
		}

		public void setBearerToken(String bearerToken) {
			this.bearerToken = bearerToken;
		}

		public String getTokenSource() {
			return this.tokenSource;
		}

		public void setTokenSource(String tokenSource) {
			this.tokenSource = tokenSource;
		}

		public Basic getBasic() {
			return this.basic;
		}

		public OAuth2 getOauth2() {
			return this.oauth2;
		}

		public Boolean getAllowPlaintext() {
			return this.allowPlaintext;
		}

		public void setAllowPlaintext(Boolean allowPlaintext) {
			this.allowPlaintext = allowPlaintext;
		}

		public static class Basic {

			/**
			 * User name of HTTP basic authentication ("authorization: Basic ...").
			 */
			private String username;

			/**
			 * Password of HTTP basic authentication.
			 */
			private String password;

			public String getUsername() {
				return this.username;
			}

			public void setUsername(String username) {
				this.username = username;
			}

			public String getPassword() {
				return this.password;
			}

			public void setPassword(String password) {
				this.password = password;
			}

		}

		public static class OAuth2 {

			/**
			 * Id of a Spring Security OAuth2 client registration
			 * (spring.security.oauth2.client.registration.ID) whose access token every call
			 * carries; Dialtone's own manager asks for client_credentials tokens.
			 */
			private String registrationId;

			public String getRegistrationId() {
				return this.registrationId;
			}

			public void setRegistrationId(String registrationId) {
				this.registrationId = registrationId;
			}

		}

	}

	public static class Keepalive {

		/**
		 * Time without reads after which a keepalive ping is sent. Unset: no pings.
		 */
		private Duration time;

		/**
		 * How long to wait for a ping's answer before the connection is considered dead.
		 */
		private Duration timeout;

		/**
		 * Whether to ping while no call is in flight.
		 */
		private Boolean withoutCalls;

		public Duration getTime() {
			return this.time;
		}

		public void setTime(Duration time) {
			this.time = time;
		}

		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

		public Boolean getWithoutCalls() {
			return this.withoutCalls;
		}

		public void setWithoutCalls(Boolean withoutCalls) {
			this.withoutCalls = withoutCalls;
		}

	}

	public static class HealthCheck {

		/**
		 * Service name asked of each backend's grpc.health.v1 health service; a backend that
		 * answers anything but SERVING gets no calls. Needs lb-policy round_robin. Unset: no
		 * health checking.
		 */
		private String serviceName;

		public String getServiceName() {
			return this.serviceName;
		}

		public void setServiceName(String serviceName) {
			this.serviceName = serviceName;
		}

	}

	public static class Resolution {

		/**
		 * How often this channel's dns: or discovery: target is resolved again, or its etcd:
		 * target read again in full besides being watched. Default
		 * grpc.client.resolution.refresh-interval.
		 */
		private Duration refreshInterval;

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

	public static class Dns {

		/**
		 * Deprecated: use resolution.refresh-interval.
		 */
		private Duration refreshInterval;

		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "grpc.client.channels.*.resolution.refresh-interval",
				since = "0.1.0")
		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		@Deprecated(since = "0.1.0")
		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

	}

}
