package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import io.grpc.Status;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.channel.HedgingSpec;
import dev.dialtone.internal.channel.MethodCalls;
import dev.dialtone.internal.channel.MethodName;
import dev.dialtone.internal.channel.RetrySpec;

/**
 * Reads what calls of a channel get: for every method, and for the services and methods of each
 * {@code methods} entry, a default deadline, wait-for-ready, retry or hedging, message limits; and
 * the channel's retry budget. An entry inherits every key it does not set from its channel, key by
 * key. Retry and hedging settings are checked even while off, so that turning them on cannot
 * reveal a bad value later.
 */
final class CallSettings {

	private static final Log logger = LogFactory.getLog(CallSettings.class);

	private static final String CODES = Arrays.toString(Status.Code.values());

	private static final int MAX_TOKENS = 1000;

	ChannelSpec.Calls read(MergedChannel merged) {
		MethodCalls channel = calls(new Keys(merged, null, null), List.of());
		Setting<List<ChannelProperties.Method>> methods = merged.get(ChannelProperties::getMethods, "methods");
		List<MethodCalls> entries = new ArrayList<>();
		Map<String, String> named = new LinkedHashMap<>();
		List<ChannelProperties.Method> list = methods.orElse(List.of());
		for (int i = 0; i < list.size(); i++) {
			String prefix = methods.property() + "[" + i + "].";
			ChannelProperties.Method method = list.get(i);
			entries.add(calls(new Keys(merged, method, prefix), names(method, prefix, named)));
		}
		return new ChannelSpec.Calls(channel, entries, retryThrottling(merged));
	}

	/**
	 * The entry's names, each once in the whole list and none hidden by an earlier entry's service.
	 */
	private static List<MethodName> names(ChannelProperties.Method method, String prefix, Map<String, String> named) {
		List<String> written = (method.getNames() != null) ? method.getNames() : List.of();
		if (written.isEmpty()) {
			throw new InvalidGrpcClientPropertyException(prefix + "names", null,
					"at least one name: \"service/method\" (e.g. helloworld.Greeter/SayHello) or \"service\" for all its methods");
		}
		List<MethodName> names = new ArrayList<>();
		for (int j = 0; j < written.size(); j++) {
			String property = prefix + "names[" + j + "]";
			MethodName name = MethodName.parse(written.get(j));
			if (name == null) {
				throw new InvalidGrpcClientPropertyException(property, written.get(j),
						"\"service/method\" (e.g. helloworld.Greeter/SayHello) or \"service\" (e.g. helloworld.Greeter): a full service name and a method name");
			}
			String earlier = named.get(name.toString());
			if (earlier != null) {
				throw new InvalidGrpcClientPropertyException(property, name,
						"a name that no other entry has: it is already at " + earlier);
			}
			String service = named.get(name.service());
			if (!name.isService() && service != null) {
				throw new InvalidGrpcClientPropertyException(property, name,
						"a method whose whole service no earlier entry names: " + service + " names "
								+ name.service() + ", and the first entry that matches a call wins; put this entry first");
			}
			named.put(name.toString(), property);
			names.add(name);
		}
		return names;
	}

	private static MethodCalls calls(Keys keys, List<MethodName> names) {
		Duration deadline = Setting.positive(keys.get(CallProperties::getDeadline, "deadline"));
		Boolean waitForReady = keys.get(CallProperties::getWaitForReady, "wait-for-ready").value();
		Setting<Boolean> retryEnabled = keys.get((c) -> c.getRetry().getEnabled(), "retry.enabled");
		Setting<Boolean> hedgingEnabled = keys.get((c) -> c.getHedging().getEnabled(), "hedging.enabled");
		RetrySpec retry = retry(keys, Boolean.TRUE.equals(retryEnabled.value()));
		HedgingSpec hedging = hedging(keys, Boolean.TRUE.equals(hedgingEnabled.value()));
		if (retry != null && hedging != null) {
			throw hedgingEnabled.invalid("false while retry is enabled (" + retryEnabled.property()
					+ "): a method either retries or hedges, not both");
		}
		return new MethodCalls(names, deadline, waitForReady, retry, hedging,
				Setting.bytes(keys.method((m) -> m.getMaxRequestMessageSize(), "max-request-message-size")),
				Setting.bytes(keys.method((m) -> m.getMaxResponseMessageSize(), "max-response-message-size")));
	}

	private static @Nullable RetrySpec retry(Keys keys, boolean enabled) {
		int attempts = attempts(keys.get((c) -> c.getRetry().getMaxAttempts(), "retry.max-attempts"));
		Duration initialBackoff = positiveOr(keys.get((c) -> c.getRetry().getInitialBackoff(), "retry.initial-backoff"),
				Duration.ofMillis(100));
		Duration maxBackoff = positiveOr(keys.get((c) -> c.getRetry().getMaxBackoff(), "retry.max-backoff"),
				Duration.ofSeconds(1));
		Setting<Double> multiplier = keys.get((c) -> c.getRetry().getBackoffMultiplier(), "retry.backoff-multiplier");
		double backoffMultiplier = multiplier.orElse(2.0);
		if (!(backoffMultiplier > 0) || Double.isInfinite(backoffMultiplier)) {
			throw new InvalidGrpcClientPropertyException(multiplier.property(), backoffMultiplier,
					"a number greater than 0, e.g. 2.0");
		}
		List<Status.Code> codes = statusCodes(
				keys.get((c) -> c.getRetry().getRetryableStatusCodes(), "retry.retryable-status-codes"),
				List.of(Status.Code.UNAVAILABLE.name()), false, "retried");
		return enabled ? new RetrySpec(attempts, initialBackoff, maxBackoff, backoffMultiplier, codes) : null;
	}

	private static @Nullable HedgingSpec hedging(Keys keys, boolean enabled) {
		int attempts = attempts(keys.get((c) -> c.getHedging().getMaxAttempts(), "hedging.max-attempts"));
		Duration delay = Setting.notNegative(keys.get((c) -> c.getHedging().getDelay(), "hedging.delay"));
		List<Status.Code> codes = statusCodes(
				keys.get((c) -> c.getHedging().getNonFatalStatusCodes(), "hedging.non-fatal-status-codes"), List.of(),
				true, "hedged on");
		return enabled ? new HedgingSpec(attempts, (delay != null) ? delay : Duration.ZERO, codes) : null;
	}

	private static int attempts(Setting<Integer> maxAttempts) {
		int attempts = maxAttempts.orElse(3);
		if (attempts < 2 || attempts > 5) {
			throw new InvalidGrpcClientPropertyException(maxAttempts.property(), attempts,
					"a number of attempts from 2 to 5 (the first attempt included; grpc-java allows no more than 5)");
		}
		return attempts;
	}

	private static ChannelSpec.@Nullable RetryThrottling retryThrottling(MergedChannel merged) {
		Setting<Integer> maxTokens = merged.get((c) -> c.getRetryThrottling().getMaxTokens(),
				"retry-throttling.max-tokens");
		Setting<Double> tokenRatio = merged.get((c) -> c.getRetryThrottling().getTokenRatio(),
				"retry-throttling.token-ratio");
		double ratio = tokenRatio.orElse(0.1);
		// grpc-java counts tokens in thousandths in an int: a ratio under 0.001 never gives a token
		// back, and a ratio in the millions overflows the count, which then throttles every retry.
		if (!(ratio >= 0.001 && ratio <= MAX_TOKENS)) {
			throw tokenRatio.invalid("a number of at least 0.001 and at most " + MAX_TOKENS + ", e.g. 0.1");
		}
		if (maxTokens.value() == null) {
			if (tokenRatio.value() != null) {
				throw maxTokens.invalid("a number of tokens from 1 to 1000, since " + tokenRatio.property()
						+ " is set: retry throttling needs both");
			}
			return null;
		}
		if (maxTokens.value() < 1 || maxTokens.value() > MAX_TOKENS) {
			throw maxTokens.invalid("a number of tokens from 1 to " + MAX_TOKENS + " (grpc-java's limit)");
		}
		return new ChannelSpec.RetryThrottling(maxTokens.value(), ratio);
	}

	private static Duration positiveOr(Setting<Duration> duration, Duration fallback) {
		Duration value = Setting.positive(duration);
		return (value != null) ? value : fallback;
	}

	private static List<Status.Code> statusCodes(Setting<List<String>> codes, List<String> fallback,
			boolean mayBeEmpty, String verb) {
		List<String> names = codes.orElse(fallback);
		String allowed = "a " + (mayBeEmpty ? "" : "non-empty ") + "list of gRPC status codes from " + CODES
				+ ", except OK";
		if (names.isEmpty() && !mayBeEmpty) {
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
		if (codes.value() != null
				&& (statusCodes.contains(Status.Code.DEADLINE_EXCEEDED) || statusCodes.contains(Status.Code.CANCELLED))) {
			logger.warn(codes.property() + " lists DEADLINE_EXCEEDED or CANCELLED: a call is rarely " + verb
					+ " usefully for them, since the client's own deadline or cancellation caused them and every further attempt shares that deadline");
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

	/**
	 * The keys of one method entry over its channel's, or of the channel alone.
	 */
	private static final class Keys {

		private final MergedChannel channel;

		private final ChannelProperties.@Nullable Method method;

		private final @Nullable String prefix;

		Keys(MergedChannel channel, ChannelProperties.@Nullable Method method, @Nullable String prefix) {
			this.channel = channel;
			this.method = method;
			this.prefix = prefix;
		}

		<T> Setting<T> get(Function<CallProperties, T> getter, String key) {
			if (this.method != null) {
				T own = getter.apply(this.method);
				if (own != null) {
					return new Setting<>(own, this.prefix + key);
				}
			}
			return this.channel.get(getter::apply, key);
		}

		/**
		 * A key only method entries have; null for the channel's own settings.
		 */
		<T> Setting<T> method(Function<ChannelProperties.Method, T> getter, String key) {
			return (this.method != null) ? new Setting<>(getter.apply(this.method), this.prefix + key)
					: new Setting<>(null, key);
		}

	}

}
