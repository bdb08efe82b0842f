package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What calls of some methods get, inheritance applied: one {@code methods} entry, or the channel's
 * own settings for every other method (then with no names).
 *
 * @param names the services and methods it applies to; empty for the channel's own settings
 * @param deadline deadline for calls without one, or null
 * @param waitForReady whether calls wait for a ready backend, or null for grpc-java's default
 * @param retry the retry policy, or null
 * @param hedging the hedging policy, or null
 * @param maxRequestMessageSize largest request in bytes, or null
 * @param maxResponseMessageSize largest response in bytes, or null
 */
public record MethodCalls(List<MethodName> names, @Nullable Duration deadline, @Nullable Boolean waitForReady,
		@Nullable RetrySpec retry, @Nullable HedgingSpec hedging, @Nullable Integer maxRequestMessageSize,
		@Nullable Integer maxResponseMessageSize) {

	public MethodCalls {
		names = List.copyOf(names);
	}

	/**
	 * Whether the entry changes anything grpc-java's service config holds.
	 */
	boolean hasServiceConfig() {
		return this.waitForReady != null || this.retry != null || this.hedging != null
				|| this.maxRequestMessageSize != null || this.maxResponseMessageSize != null;
	}

}
