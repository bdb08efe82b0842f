package dev.dialtone;

import java.time.Duration;
import java.util.List;

/**
 * Channels with an {@code immediate-connect-timeout} that were not READY when it ran out, so the
 * application did not start.
 */
public class GrpcChannelsNotReadyException extends RuntimeException {

	private final List<NotReady> channels;

	/**
	 * @param channels every channel that was not ready, in configuration order
	 */
	public GrpcChannelsNotReadyException(List<NotReady> channels) {
		super("gRPC channel(s) not READY within their immediate-connect-timeout: " + channels);
		this.channels = List.copyOf(channels);
	}

	public List<NotReady> getChannels() {
		return this.channels;
	}

	/**
	 * One channel that was not ready.
	 *
	 * @param name the channel's name
	 * @param target its target as configured
	 * @param timeout its immediate-connect-timeout
	 * @param state the state it was in when the timeout ran out
	 * @param reason why it was not ready, as far as the channel knows, or null
	 */
	public record NotReady(String name, String target, Duration timeout, String state, String reason) {

		@Override
		public String toString() {
			return "'" + this.name + "' (" + this.target + ") was " + this.state + " after " + readable(this.timeout)
					+ ((this.reason != null) ? ": " + this.reason : "");
		}

		// As a user writes it: 2s rather than 2000ms or PT2S.
		private static String readable(Duration duration) {
			long millis = duration.toMillis();
			return (millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
		}

	}

}
