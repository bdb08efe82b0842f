package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.List;

import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.util.unit.DataSize;

/**
 * The settings of one channel, as written under {@code grpc.client.channels.<name>} or
 * {@code grpc.client.defaults}. A value left unset (null) is taken from the defaults, then from
 * Dialtone's built-in default.
 */
public class ChannelProperties {

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
	 * Retry of failed calls, built into the channel's service config.
	 */
	private final Retry retry = new Retry();

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

	public Duration getDeadline() {
		return this.deadline;
	}

	public void setDeadline(Duration deadline) {
		this.deadline = deadline;
	}

	public Retry getRetry() {
		return this.retry;
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
