package dev.dialtone.sample;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * What the sample calls and how fast it tells its story.
 */
@ConfigurationProperties("sample")
public class SampleProperties {

	/**
	 * Where the greeter backends come from. Setting grpc.client.channels.greeter.target means
	 * external, whatever this says.
	 */
	private Backends backends = Backends.EMBEDDED;

	/**
	 * Time each embedded backend spends on a call, so that calls are in flight when one is killed.
	 */
	private Duration backendWork = Duration.ofMillis(40);

	/**
	 * The etcd binary for act 6, which registers backends in etcd with leases. Default: {@code etcd}
	 * on the PATH (Debian's etcd-server package); without one the act is skipped.
	 */
	private @Nullable String etcdBinary;

	/**
	 * Pacing of the story.
	 */
	private final Story story = new Story();

	public Backends getBackends() {
		return this.backends;
	}

	public void setBackends(Backends backends) {
		this.backends = backends;
	}

	public Duration getBackendWork() {
		return this.backendWork;
	}

	public void setBackendWork(Duration backendWork) {
		this.backendWork = backendWork;
	}

	public @Nullable String getEtcdBinary() {
		return this.etcdBinary;
	}

	public void setEtcdBinary(@Nullable String etcdBinary) {
		this.etcdBinary = etcdBinary;
	}

	public Story getStory() {
		return this.story;
	}

	public enum Backends {

		/**
		 * Three backends a, b and c, started by the sample on loopback ports, d1, d2 and d3
		 * behind a DNS name its own DNS responder answers, and, when there is an etcd binary, e1
		 * and e2 registered in an etcd the sample starts.
		 */
		EMBEDDED,

		/**
		 * The backends at grpc.client.channels.greeter.target.
		 */
		EXTERNAL

	}

	public static class Story {

		/**
		 * Calls counted in each step of acts 1, 2 and 5.
		 */
		private int calls = 30;

		/**
		 * Rate at which the story sends its calls; also how finely act 5 can time a new backend's
		 * first call.
		 */
		private int callsPerSecond = 20;

		/**
		 * How long calls flow in act 3, while a backend is killed.
		 */
		private Duration traffic = Duration.ofSeconds(5);

		/**
		 * When, after act 3's traffic started, the backend is killed.
		 */
		private Duration killAfter = Duration.ofMillis(1500);

		/**
		 * Longest wait for the channel to see a backend's health (at the start and in act 2) before
		 * calls are counted. The story goes on as soon as the channel has seen it, usually within
		 * milliseconds.
		 */
		private Duration settle = Duration.ofSeconds(5);

		/**
		 * Pause between acts, so that a reader can follow.
		 */
		private Duration pause = Duration.ofSeconds(1);

		public int getCalls() {
			return this.calls;
		}

		public void setCalls(int calls) {
			this.calls = calls;
		}

		public int getCallsPerSecond() {
			return this.callsPerSecond;
		}

		public void setCallsPerSecond(int callsPerSecond) {
			this.callsPerSecond = callsPerSecond;
		}

		public Duration getTraffic() {
			return this.traffic;
		}

		public void setTraffic(Duration traffic) {
			this.traffic = traffic;
		}

		public Duration getKillAfter() {
			return this.killAfter;
		}

		public void setKillAfter(Duration killAfter) {
			this.killAfter = killAfter;
		}

		public Duration getSettle() {
			return this.settle;
		}

		public void setSettle(Duration settle) {
			this.settle = settle;
		}

		public Duration getPause() {
			return this.pause;
		}

		public void setPause(Duration pause) {
			this.pause = pause;
		}

	}

}
