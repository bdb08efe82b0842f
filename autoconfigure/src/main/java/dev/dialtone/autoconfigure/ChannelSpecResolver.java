package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.ssl.SslBundles;

import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.resolver.ChannelSchemes;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.resolver.ResolutionDefaults;
import dev.dialtone.internal.resolver.TargetOverride;

/**
 * Turns the bound properties into one validated {@link ChannelSpec} per channel. Each group of
 * settings is read by a part of its own ({@link TargetParser}, {@link BalancingSettings},
 * {@link CallSettings}, {@link SecuritySettings}, {@link AuthSettings}); a value that cannot work throws
 * {@link InvalidGrpcClientPropertyException} naming the property where it was written.
 */
final class ChannelSpecResolver {

	private static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(5);

	private final GrpcClientProperties properties;

	private final TargetParser targets;

	private final BalancingSettings balancing;

	private final CallSettings calls = new CallSettings();

	private final SecuritySettings security;

	private final AuthSettings auth;

	private final ResolutionDefaults resolution;

	private final DeprecatedProperties deprecated;

	private final List<TargetOverride> overrides;

	/**
	 * @param properties the bound properties
	 * @param schemes the schemes a target may use
	 * @param resolution the validated {@code grpc.client.resolution.*}
	 * @param sslBundles the application's SSL bundles, or null when it has none
	 * @param classLoader the application's class loader, which tells what an error should advise
	 * adding to the classpath
	 * @param deprecated told of each deprecated property in use
	 * @param overrides targets used instead of configured ones; the first that answers wins
	 * @param auth reads the credentials of calls
	 */
	ChannelSpecResolver(GrpcClientProperties properties, ChannelSchemes schemes, ResolutionDefaults resolution,
			@Nullable SslBundles sslBundles, ClassLoader classLoader, DeprecatedProperties deprecated,
			List<TargetOverride> overrides, AuthSettings auth) {
		this.properties = properties;
		this.targets = new TargetParser(schemes, properties.getDefaultScheme());
		this.balancing = new BalancingSettings(classLoader);
		this.security = new SecuritySettings(sslBundles);
		this.auth = auth;
		this.resolution = resolution;
		this.deprecated = deprecated;
		this.overrides = overrides;
	}

	/**
	 * Every configured channel, by name, in the order written.
	 */
	Map<String, ChannelSpec> resolveAll() {
		Map<String, ChannelSpec> specs = new LinkedHashMap<>();
		this.properties.getChannels().forEach((name, channel) -> specs.put(name, resolve(name, channel)));
		return specs;
	}

	ChannelSpec resolve(String name, ChannelProperties channel) {
		MergedChannel merged = new MergedChannel(name, channel, this.properties.getDefaults(), this.deprecated);
		Setting<String> configured = merged.get(ChannelProperties::getTarget, "target");
		String override = this.overrides.stream()
			.map((candidate) -> candidate.targetFor(name))
			.filter(Objects::nonNull)
			.findFirst()
			.orElse(null);
		ChannelTarget target = this.targets
			.parse((override != null) ? new Setting<>(override, configured.property()) : configured);
		ChannelSpec.Transport transport = transport(merged, target);
		return new ChannelSpec(name, target, this.balancing.read(merged), this.calls.read(merged), transport,
				new ChannelSpec.Resolution(ResolutionSettings.refreshInterval(merged, this.resolution)),
				lifecycle(merged), indicator(merged), this.auth.read(merged, target, transport.security()));
	}

	private ChannelSpec.Transport transport(MergedChannel merged, ChannelTarget target) {
		ChannelSpec.Keepalive keepalive = new ChannelSpec.Keepalive(
				Setting.positive(merged.get((c) -> c.getKeepalive().getTime(), "keepalive.time")),
				Setting.positive(merged.get((c) -> c.getKeepalive().getTimeout(), "keepalive.timeout")),
				merged.get((c) -> c.getKeepalive().getWithoutCalls(), "keepalive.without-calls").value());
		return new ChannelSpec.Transport(this.security.read(merged, target), keepalive,
				Setting.positive(merged.get(ChannelProperties::getIdleTimeout, "idle-timeout")),
				Setting.bytes(merged.get(ChannelProperties::getMaxInboundMessageSize, "max-inbound-message-size")),
				merged.get(ChannelProperties::getUserAgent, "user-agent").value());
	}

	private static ChannelSpec.Lifecycle lifecycle(MergedChannel merged) {
		Duration grace = Setting
			.notNegative(merged.get(ChannelProperties::getShutdownGracePeriod, "shutdown-grace-period"));
		return new ChannelSpec.Lifecycle((grace != null) ? grace : DEFAULT_SHUTDOWN_GRACE_PERIOD, Setting
			.positive(merged.get(ChannelProperties::getImmediateConnectTimeout, "immediate-connect-timeout")));
	}

	private static ChannelSpec.Indicator indicator(MergedChannel merged) {
		return new ChannelSpec.Indicator(
				merged.get((c) -> c.getHealth().getIndicator().getEnabled(), "health.indicator.enabled").orElse(true),
				merged.get((c) -> c.getHealth().getIndicator().getCritical(), "health.indicator.critical")
					.orElse(true));
	}

}
