package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.List;

import io.grpc.Status;

/**
 * A validated retry policy, turned into a service-config {@code retryPolicy}.
 */
public record RetrySpec(int maxAttempts, Duration initialBackoff, Duration maxBackoff, double backoffMultiplier,
		List<Status.Code> retryableStatusCodes) {

	public RetrySpec {
		retryableStatusCodes = List.copyOf(retryableStatusCodes);
	}

}
