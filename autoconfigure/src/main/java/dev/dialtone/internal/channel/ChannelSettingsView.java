package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.PropertyMapper;

import dev.dialtone.GrpcChannelSettings;
import dev.dialtone.internal.tls.ReloadingTlsMaterial;

/**
 * The public, read-only view of a {@link ChannelSpec}: what operators and applications may read,
 * without the credentials the spec holds.
 */
record ChannelSettingsView(ChannelSpec spec) implements GrpcChannelSettings {

	@Override
	public String name() {
		return this.spec.name();
	}

	@Override
	public String target() {
		return this.spec.target().configured();
	}

	@Override
	public String lbPolicy() {
		return this.spec.balancing().lbPolicy();
	}

	@Override
	public String security() {
		return this.spec.transport().security().description();
	}

	@Override
	public @Nullable Certificates certificates() {
		ReloadingTlsMaterial bundle = this.spec.transport().security().bundle();
		return (bundle != null) ? bundle.certificates() : null;
	}

	@Override
	public @Nullable String auth() {
		return (this.spec.auth() != null) ? this.spec.auth().authorization().description() : null;
	}

	@Override
	public @Nullable String healthCheckServiceName() {
		return this.spec.balancing().healthCheckServiceName();
	}

	@Override
	public Map<String, Object> serviceConfig() {
		return ServiceConfig.of(this.spec);
	}

	@Override
	public List<Map<String, Object>> calls() {
		List<Map<String, Object>> calls = new ArrayList<>();
		this.spec.calls().methods().forEach((method) -> calls.add(describe(method)));
		calls.add(describe(this.spec.calls().channel()));
		return calls;
	}

	private static Map<String, Object> describe(MethodCalls calls) {
		Map<String, Object> described = new LinkedHashMap<>();
		described.put("names",
				calls.names().isEmpty() ? List.of("*") : calls.names().stream().map(MethodName::toString).toList());
		PropertyMapper map = PropertyMapper.get();
		map.from(calls.deadline()).as(ChannelSettingsView::written).to((deadline) -> described.put("deadline", deadline));
		map.from(calls.waitForReady()).to((waitForReady) -> described.put("waitForReady", waitForReady));
		map.from(calls.retry()).to((retry) -> described.put("retry", Map.of("maxAttempts", retry.maxAttempts(),
				"initialBackoff", written(retry.initialBackoff()), "maxBackoff", written(retry.maxBackoff()),
				"backoffMultiplier", retry.backoffMultiplier(), "retryableStatusCodes",
				retry.retryableStatusCodes().stream().map(Enum::name).toList())));
		map.from(calls.hedging()).to((hedging) -> described.put("hedging", Map.of("maxAttempts", hedging.maxAttempts(),
				"delay", written(hedging.delay()), "nonFatalStatusCodes",
				hedging.nonFatalStatusCodes().stream().map(Enum::name).toList())));
		map.from(calls.maxRequestMessageSize()).to((bytes) -> described.put("maxRequestMessageSize", bytes));
		map.from(calls.maxResponseMessageSize()).to((bytes) -> described.put("maxResponseMessageSize", bytes));
		return described;
	}

	/**
	 * A duration as users write it: {@code 300ms}, {@code 2s}, {@code 1m}.
	 */
	static String written(Duration duration) {
		if (duration.toNanos() % 1_000_000 != 0) {
			return duration.toNanos() + "ns";
		}
		long millis = duration.toMillis();
		if (millis % 60_000 == 0 && millis != 0) {
			return (millis / 60_000) + "m";
		}
		return (millis % 1000 == 0 && millis != 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	@Override
	public boolean healthIndicatorEnabled() {
		return this.spec.indicator().enabled();
	}

	@Override
	public boolean healthIndicatorCritical() {
		return this.spec.indicator().critical();
	}

}
