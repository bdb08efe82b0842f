package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.DeprecatedConfigurationProperty;
import org.springframework.boot.context.properties.NestedConfigurationProperty;

/**
 * Configuration of Dialtone's gRPC client channels, bound from {@code grpc.client.*}.
 */
@ConfigurationProperties(prefix = "grpc.client", ignoreUnknownFields = false)
public class GrpcClientProperties {

	/**
	 * Whether Dialtone creates channels at all. When false, no channel and no Dialtone bean exists.
	 */
	private boolean enabled = true;

	/**
	 * Name-resolver scheme used for a target written as plain host:port, e.g. dns or static.
	 */
	private String defaultScheme = "dns";

	/**
	 * When refreshing resolvers (dns:, discovery:, etcd:) look their targets up again.
	 */
	private final Resolution resolution = new Resolution();

	/**
	 * Settings of the refreshing DNS resolver used for dns: targets.
	 */
	private final Dns dns = new Dns();

	/**
	 * The etcd cluster that etcd:///service targets are resolved in (needs io.etcd:jetcd-core).
	 */
	private final Etcd etcd = new Etcd();

	/**
	 * Observation of calls, when the application has an ObservationRegistry.
	 */
	private final Observations observations = new Observations();

	/**
	 * Test support (dev.dialtone:dialtone-spring-boot-test): channels pointed at an in-process
	 * server of the test's own.
	 */
	private final Test test = new Test();

	/**
	 * Settings every channel inherits; a channel's own keys win, nested blocks merge key by key.
	 */
	@NestedConfigurationProperty
	private final ChannelProperties defaults = new ChannelProperties();

	/**
	 * Channels by name; the name is what @GrpcClient("name") refers to.
	 */
	private final Map<String, ChannelProperties> channels = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getDefaultScheme() {
		return this.defaultScheme;
	}

	public void setDefaultScheme(String defaultScheme) {
		this.defaultScheme = defaultScheme;
	}

	public Resolution getResolution() {
		return this.resolution;
	}

	public Dns getDns() {
		return this.dns;
	}

	public Etcd getEtcd() {
		return this.etcd;
	}

	public Observations getObservations() {
		return this.observations;
	}

	public Test getTest() {
		return this.test;
	}

	public ChannelProperties getDefaults() {
		return this.defaults;
	}

	public Map<String, ChannelProperties> getChannels() {
		return this.channels;
	}

	public static class Resolution {

		/**
		 * How often dns: and discovery: targets are resolved again, so that backends added or
		 * removed behind a name are seen without waiting for a connection to fail, and how often
		 * etcd: targets are read again in full besides being watched. A channel's
		 * resolution.refresh-interval overrides it. Default 30s.
		 */
		private Duration refreshInterval;

		/**
		 * Shortest time between two lookups of one target, however often a failing connection or a
		 * registry's heartbeat asks for one. Default 1s.
		 */
		private Duration minInterval;

		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		public Duration getMinInterval() {
			return this.minInterval;
		}

		public void setMinInterval(Duration minInterval) {
			this.minInterval = minInterval;
		}

	}

	public static class Dns {

		/**
		 * Deprecated: use grpc.client.resolution.refresh-interval.
		 */
		private Duration refreshInterval;

		/**
		 * Deprecated: use grpc.client.resolution.min-interval.
		 */
		private Duration minInterval;

		/**
		 * DNS servers to ask, as host:port (e.g. Consul's DNS at 127.0.0.1:8600), tried in order.
		 * Names are then taken as absolute. Empty: the servers, search path and ndots of the
		 * system's configuration (/etc/resolv.conf). Lookups never go through the JVM's
		 * InetAddress cache, so record TTLs are honoured.
		 */
		private List<String> servers = new ArrayList<>();

		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "grpc.client.resolution.refresh-interval", since = "0.1.0")
		public Duration getRefreshInterval() {
			return this.refreshInterval;
		}

		@Deprecated(since = "0.1.0")
		public void setRefreshInterval(Duration refreshInterval) {
			this.refreshInterval = refreshInterval;
		}

		@Deprecated(since = "0.1.0")
		@DeprecatedConfigurationProperty(replacement = "grpc.client.resolution.min-interval", since = "0.1.0")
		public Duration getMinInterval() {
			return this.minInterval;
		}

		@Deprecated(since = "0.1.0")
		public void setMinInterval(Duration minInterval) {
			this.minInterval = minInterval;
		}

		public List<String> getServers() {
			return this.servers;
		}

		public void setServers(List<String> servers) {
			this.servers = servers;
		}

	}

	public static class Test {

		/**
		 * Whether channels call the test context's in-process server, which serves its
		 * BindableService beans; needs dev.dialtone:dialtone-spring-boot-test. Default false.
		 */
		private boolean inProcess;

		/**
		 * The channels that call the in-process server; empty for all.
		 */
		private List<String> channels = new ArrayList<>();

		public boolean isInProcess() {
			return this.inProcess;
		}

		public void setInProcess(boolean inProcess) {
			this.inProcess = inProcess;
		}

		public List<String> getChannels() {
			return this.channels;
		}

		public void setChannels(List<String> channels) {
			this.channels = channels;
		}

	}

	public static class Etcd {

		/**
		 * Client URLs of the etcd cluster, e.g. http://127.0.0.1:2379, each with a host and a port;
		 * all http or all https. https uses TLS, with the trust material of ssl.bundle when set and
		 * the JDK's otherwise. Needed by etcd:///service targets.
		 */
		private List<String> endpoints = new ArrayList<>();

		/**
		 * User to authenticate to etcd as; set together with password.
		 */
		private String username;

		/**
		 * Password of the etcd user; set together with username. Never logged nor shown.
		 */
		private String password;

		/**
		 * Prefix of every key that etcd:///service looks under, e.g. /services: the keys of
		 * etcd:///greeter are then those under /services/greeter/. Empty: under greeter/.
		 */
		private String keyPrefix;

		/**
		 * TLS to etcd.
		 */
		private final Ssl ssl = new Ssl();

		public List<String> getEndpoints() {
			return this.endpoints;
		}

		public void setEndpoints(List<String> endpoints) {
			this.endpoints = endpoints;
		}

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

		public String getKeyPrefix() {
			return this.keyPrefix;
		}

		public void setKeyPrefix(String keyPrefix) {
			this.keyPrefix = keyPrefix;
		}

		public Ssl getSsl() {
			return this.ssl;
		}

		public static class Ssl {

			/**
			 * Name of a Spring Boot SSL bundle (spring.ssl.bundle.*) whose trust material checks
			 * etcd's certificate, and whose key, if it has one, is the client certificate (mTLS).
			 * Needs https endpoints.
			 */
			private String bundle;

			public String getBundle() {
				return this.bundle;
			}

			public void setBundle(String bundle) {
				this.bundle = bundle;
			}

		}

	}

	public static class Observations {

		/**
		 * Whether every call on Dialtone's channels is observed through Micrometer's gRPC client
		 * interceptor, tagged with the channel's name. When false, channels get no such
		 * interceptor.
		 */
		private boolean enabled = true;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

	}

}
