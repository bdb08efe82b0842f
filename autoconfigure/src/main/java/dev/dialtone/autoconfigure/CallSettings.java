package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

import io.grpc.Status;

import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.channel.RetrySpec;

/**
 * Reads what every call of a channel gets: a default deadline and a retry policy. Retry settings
 * are checked even while retry is off, so that turning it on cannot reveal a bad value later.
 */
final class CallSettings {

	ChannelSpec.Calls read(MergedChannel merged) {
		return new ChannelSpec.Calls(Setting.positive(merged.get(ChannelProperties::getDeadline, "deadline")),
				retry(merged));
	}

	private static RetrySpec retry(MergedChannel merged) {
		Setting<Boolean> enabled = merged.get((c) -> c.getRetry().getEnabled(), "retry.enabled");
		Setting<Integer> maxAttempts = merged.get((c) -> c.getRetry().getMaxAttempts(), "retry.max-attempts");
		int attempts = maxAttempts.orElse(3);
		if (attempts < 2 || attempts > 5) {
			throw new InvalidGrpcClientPropertyException(maxAttempts.property(), attempts,
					"a number of attempts from 2 to 5 (the first attempt included; grpc-java allows no more than 5)");
		}
		Duration initialBackoff = positiveOr(
				merged.get((c) -> c.getRetry().getInitialBackoff(), "retry.initial-backoff"), Duration.ofMillis(100));
		Duration maxBackoff = positiveOr(merged.get((c) -> c.getRetry().getMaxBackoff(), "retry.max-backoff"),
				Duration.ofSeconds(1));
		Setting<Double> multiplier = merged.get((c) -> c.getRetry().getBackoffMultiplier(), "retry.backoff-multiplier");
		double backoffMultiplier = multiplier.orElse(2.0);
		if (!(backoffMultiplier > 0) || Double.isInfinite(backoffMultiplier)) {
			throw new InvalidGrpcClientPropertyException(multiplier.property(), backoffMultiplier,
					"a number greater than 0, e.g. 2.0");
		}
		List<Status.Code> statusCodes = statusCodes(
				merged.get((c) -> c.getRetry().getRetryableStatusCodes(), "retry.retryable-status-codes"));
		if (!Boolean.TRUE.equals(enabled.value())) {
			return null;
		}
		return new RetrySpec(attempts, initialBackoff, maxBackoff, backoffMultiplier, statusCodes);
	}

	private static Duration positiveOr(Setting<Duration> duration, Duration fallback) {
		Duration value = Setting.positive(duration);
		return (value != null) ? value : fallback;
	}

	private static List<Status.Code> statusCodes(Setting<List<String>> codes) {
		List<String> names = codes.orElse(List.of(Status.Code.UNAVAILABLE.name()));
		String allowed = "a non-empty list of gRPC status codes from " + Arrays.toString(Status.Code.values())
				+ ", except OK";
		if (names.isEmpty()) {
			throw new InvalidGrpcClientPropertyException(codes.property(), names, allowed);
		}
		List<Status.Code> statusCodes = new ArrayList<>();
		for (String name : names) {
			Status.Code code = statusCode(name);
			if (code == null || code == Status.Code.OK) {
				throw new InvalidGrpcClientPropertyException(codes.property(), name, allowed);
			}
			statusCodes.add(code);
		}
		return statusCodes;
	}

	private static Status.Code statusCode(String name) {
		String normalized = (name != null) ? name.trim().toUpperCase(Locale.ROOT).replace('-', '_') : "";
		return Arrays.stream(Status.Code.values())
			.filter((code) -> code.name().equals(normalized))
			.findFirst()
			.orElse(null);
	}

}
