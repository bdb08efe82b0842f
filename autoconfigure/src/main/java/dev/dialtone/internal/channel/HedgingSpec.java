package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.List;

import io.grpc.Status;

/**
 * A validated hedging policy, turned into a service-config {@code hedgingPolicy}.
 *
 * @param maxAttempts attempts per call, the first included, 2 to 5
 * @param delay time between two hedged attempts
 * @param nonFatalStatusCodes codes after which the other attempts go on
 */
public record HedgingSpec(int maxAttempts, Duration delay, List<Status.Code> nonFatalStatusCodes) {

	public HedgingSpec {
		nonFatalStatusCodes = List.copyOf(nonFatalStatusCodes);
	}

}
