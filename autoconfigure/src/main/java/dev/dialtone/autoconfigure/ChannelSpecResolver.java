package dev.dialtone.autoconfigure;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.grpc.ChannelCredentials;
import io.grpc.InsecureChannelCredentials;
import io.grpc.LoadBalancerProvider;
import io.grpc.LoadBalancerRegistry;
import io.grpc.Status;
import io.grpc.TlsChannelCredentials;

import org.springframework.boot.ssl.SslBundle;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

import dev.dialtone.channel.ChannelSpec;
import dev.dialtone.channel.ChannelTarget;
import dev.dialtone.channel.NameResolverProviders;
import dev.dialtone.channel.RetrySpec;

/**
 * Turns the bound properties into one validated {@link ChannelSpec} per channel: a channel's own
 * keys win over {@code grpc.client.defaults}, key by key, then Dialtone's built-in defaults apply.
 * A value that cannot work throws {@link InvalidGrpcClientPropertyException} naming the property
 * where it was written.
 */
public final class ChannelSpecResolver {

	static final String DEFAULT_LB_POLICY = "round_robin";

	static final Duration DEFAULT_SHUTDOWN_GRACE_PERIOD = Duration.ofSeconds(5);

	private static final List<String> WELL_KNOWN_LB_POLICIES = List.of("pick_first", "round_robin",
			"weighted_round_robin", "least_request_experimental", "ring_hash_experimental");

	private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):(.*)");

	private static final String DISCOVERY_SCHEME = "discovery";

	private static final Pattern DISCOVERY_TARGET = Pattern.compile("///[^/]+");

	private static final String DISCOVERY_CLIENT = "org.springframework.cloud.client.discovery.DiscoveryClient";

	private static final String HEALTH_CHECKING_PROVIDER = "io.grpc.protobuf.services.internal.HealthCheckingRoundRobinLoadBalancerProvider";

	private final GrpcClientProperties properties;

	private final NameResolverProviders resolvers;

	private final SslBundles sslBundles;

	private final ClassLoader classLoader;

	/**
	 * @param properties the bound properties
	 * @param resolvers the schemes a target may use
	 * @param sslBundles the application's SSL bundles, or null when it has none
	 */
	public ChannelSpecResolver(GrpcClientProperties properties, NameResolverProviders resolvers,
			SslBundles sslBundles) {
		this(properties, resolvers, sslBundles, ChannelSpecResolver.class.getClassLoader());
	}

	/**
	 * @param properties the bound properties
	 * @param resolvers the schemes a target may use
	 * @param sslBundles the application's SSL bundles, or null when it has none
	 * @param classLoader the application's class loader, which tells what an error should advise
	 * adding to the classpath
	 */
	public ChannelSpecResolver(GrpcClientProperties properties, NameResolverProviders resolvers,
			SslBundles sslBundles, ClassLoader classLoader) {
		this.properties = properties;
		this.resolvers = resolvers;
		this.sslBundles = sslBundles;
		this.classLoader = classLoader;
	}

	/**
	 * Every configured channel, by name, in the order written.
	 */
	public Map<String, ChannelSpec> resolveAll() {
		String defaultScheme = this.properties.getDefaultScheme();
		if (defaultScheme == null || !this.resolvers.supports(defaultScheme)) {
			throw new InvalidGrpcClientPropertyException("grpc.client.default-scheme", defaultScheme,
					"one of the available schemes " + this.resolvers.schemes());
		}
		Map<String, ChannelSpec> specs = new LinkedHashMap<>();
		this.properties.getChannels().forEach((name, channel) -> specs.put(name, resolve(name, channel)));
		return specs;
	}

	/**
	 * Each channel's health indicator settings, by name, in the order written: whether it is part
	 * of the grpcChannels health contributor, and whether its failure counts as DOWN.
	 */
	public static Map<String, HealthIndicatorSettings> healthIndicators(GrpcClientProperties properties) {
		Map<String, HealthIndicatorSettings> settings = new LinkedHashMap<>();
		properties.getChannels().forEach((name, channel) -> {
			Merged merged = new Merged("grpc.client.channels." + name + ".", channel, properties.getDefaults());
			settings.put(name, new HealthIndicatorSettings(
					merged.pick((c) -> c.getHealth().getIndicator().getEnabled(), "health.indicator.enabled")
						.orElse(true),
					merged.pick((c) -> c.getHealth().getIndicator().getCritical(), "health.indicator.critical")
						.orElse(true)));
		});
		return settings;
	}

	ChannelSpec resolve(String name, ChannelProperties channel) {
		Merged merged = new Merged("grpc.client.channels." + name + ".", channel, this.properties.getDefaults());
		ChannelTarget target = target(merged.pick(ChannelProperties::getTarget, "target"));
		Value<String> lbPolicy = merged.pick(ChannelProperties::getLbPolicy, "lb-policy");
		String policy = lbPolicy(lbPolicy);
		Value<String> healthServiceName = merged.pick((c) -> c.getHealth().getServiceName(), "health.service-name");
		checkHealth(healthServiceName, policy);
		Value<DataSize> maxInbound = merged.pick(ChannelProperties::getMaxInboundMessageSize,
				"max-inbound-message-size");
		Value<Duration> dnsRefresh = merged.pick((c) -> c.getDns().getRefreshInterval(), "dns.refresh-interval");
		Value<Duration> globalDnsRefresh = new Value<>(this.properties.getDns().getRefreshInterval(),
				"grpc.client.dns.refresh-interval");
		Value<Duration> shutdownGracePeriod = merged.pick(ChannelProperties::getShutdownGracePeriod,
				"shutdown-grace-period");
		Security security = security(merged, target);
		return new ChannelSpec(name, target, policy,
				positive(merged.pick(ChannelProperties::getDeadline, "deadline")), retry(merged),
				healthServiceName.value(), security.credentials(), security.description(),
				positive(merged.pick((c) -> c.getKeepalive().getTime(), "keepalive.time")),
				positive(merged.pick((c) -> c.getKeepalive().getTimeout(), "keepalive.timeout")),
				merged.pick((c) -> c.getKeepalive().getWithoutCalls(), "keepalive.without-calls").value(),
				positive(merged.pick(ChannelProperties::getIdleTimeout, "idle-timeout")), messageSize(maxInbound),
				merged.pick(ChannelProperties::getUserAgent, "user-agent").value(),
				authority(merged.pick(ChannelProperties::getAuthority, "authority")),
				notNegative(shutdownGracePeriod.orElse(DEFAULT_SHUTDOWN_GRACE_PERIOD, shutdownGracePeriod.property())),
				positive(dnsRefresh.orElse(positive(globalDnsRefresh), globalDnsRefresh.property())),
				positive(merged.pick(ChannelProperties::getImmediateConnectTimeout, "immediate-connect-timeout")));
	}

	private ChannelTarget target(Value<String> target) {
		String raw = (target.value() != null) ? target.value().trim() : "";
		if (raw.isEmpty()) {
			throw new InvalidGrpcClientPropertyException(target.property(), null,
					"a target such as dns:///host:port, static://host1:port1,host2:port2, in-process:name or host:port");
		}
		Matcher matcher = SCHEME.matcher(raw);
		boolean hostAndPort = !matcher.matches() || raw.startsWith("[") || matcher.group(2).matches("\\d+");
		if (hostAndPort) {
			String scheme = this.properties.getDefaultScheme();
			return target(new Value<>(scheme + ":///" + raw, target.property()), raw);
		}
		return target(target, raw);
	}

	private ChannelTarget target(Value<String> target, String configured) {
		Matcher matcher = SCHEME.matcher(target.value());
		matcher.matches();
		String scheme = matcher.group(1).toLowerCase(Locale.ROOT);
		String rest = matcher.group(2);
		if (scheme.equals(ChannelTarget.IN_PROCESS_SCHEME)) {
			String serverName = rest.replaceFirst("^/*", "");
			if (serverName.isEmpty()) {
				throw new InvalidGrpcClientPropertyException(target.property(), configured,
						"in-process:<name of an in-process server>");
			}
			return new ChannelTarget(configured, scheme, serverName, List.of());
		}
		if (scheme.equals(ChannelTarget.STATIC_SCHEME)) {
			List<InetSocketAddress> addresses = staticAddresses(rest.replaceFirst("^/*", ""), target.property(),
					configured);
			String first = rest.replaceFirst("^/*", "").split(",")[0].trim();
			return new ChannelTarget(configured, scheme, "static://" + first, addresses);
		}
		if (!this.resolvers.supports(scheme)) {
			String allowed = "a target whose scheme is one of " + this.resolvers.schemes()
					+ " (a NameResolverProvider bean adds its own scheme)";
			throw new InvalidGrpcClientPropertyException(target.property(), configured,
					DISCOVERY_SCHEME.equals(scheme) ? allowed + "; " + discoveryUnavailable() : allowed);
		}
		if (DISCOVERY_SCHEME.equals(scheme) && !this.resolvers.isApplicationBean(scheme)
				&& !DISCOVERY_TARGET.matcher(rest).matches()) {
			throw new InvalidGrpcClientPropertyException(target.property(), configured,
					"discovery:///service-id, the id of a service the DiscoveryClient knows");
		}
		return new ChannelTarget(configured, scheme, target.value(), List.of());
	}

	private static List<InetSocketAddress> staticAddresses(String list, String property, String configured) {
		String allowed = "static://host1:port1,host2:port2 with ports 1-65535 and IPv6 addresses in brackets, e.g. static://127.0.0.1:6565,[::1]:6566";
		List<InetSocketAddress> addresses = new ArrayList<>();
		for (String entry : list.split(",", -1)) {
			addresses.add(HostAndPort.resolve(entry, property, configured, allowed));
		}
		return addresses;
	}

	private String discoveryUnavailable() {
		String withClient = "a Spring Cloud discovery client such as spring-cloud-starter-netflix-eureka-client, spring-cloud-starter-consul-discovery or spring-cloud-starter-kubernetes-client";
		if (!ClassUtils.isPresent(DISCOVERY_CLIENT, this.classLoader)) {
			return "discovery:///service-id needs org.springframework.cloud:spring-cloud-commons on the classpath: add "
					+ withClient;
		}
		return "discovery:///service-id needs a DiscoveryClient bean: add " + withClient
				+ ", or list instances under spring.cloud.discovery.client.simple.instances.<service-id>";
	}

	private static String lbPolicy(Value<String> lbPolicy) {
		String policy = lbPolicy.orElse(DEFAULT_LB_POLICY);
		LoadBalancerProvider provider = LoadBalancerRegistry.getDefaultRegistry().getProvider(policy);
		if (provider == null || provider.parseLoadBalancingPolicyConfig(Map.of()).getError() != null) {
			throw new InvalidGrpcClientPropertyException(lbPolicy.property(), policy,
					"one of " + usableLbPolicies()
							+ " (a policy that needs its own configuration is set up with a GrpcChannelCustomizer)");
		}
		return policy;
	}

	private static List<String> usableLbPolicies() {
		LoadBalancerRegistry registry = LoadBalancerRegistry.getDefaultRegistry();
		return WELL_KNOWN_LB_POLICIES.stream()
			.filter((name) -> registry.getProvider(name) != null
					&& registry.getProvider(name).parseLoadBalancingPolicyConfig(Map.of()).getError() == null)
			.toList();
	}

	private static void checkHealth(Value<String> serviceName, String policy) {
		if (serviceName.value() == null) {
			return;
		}
		if (!DEFAULT_LB_POLICY.equals(policy)) {
			throw new InvalidGrpcClientPropertyException(serviceName.property(), serviceName.value(),
					"no health.service-name, since grpc-java checks backend health only with lb-policy round_robin and this channel's lb-policy is "
							+ policy);
		}
		if (!ClassUtils.isPresent(HEALTH_CHECKING_PROVIDER, ChannelSpecResolver.class.getClassLoader())) {
			throw new InvalidGrpcClientPropertyException(serviceName.property(), serviceName.value(),
					"a service name only when io.grpc:grpc-services is on the classpath (it does the health checking)");
		}
	}

	private static RetrySpec retry(Merged merged) {
		Value<Boolean> enabled = merged.pick((c) -> c.getRetry().getEnabled(), "retry.enabled");
		Value<Integer> maxAttempts = merged.pick((c) -> c.getRetry().getMaxAttempts(), "retry.max-attempts");
		int attempts = maxAttempts.orElse(3);
		if (attempts < 2 || attempts > 5) {
			throw new InvalidGrpcClientPropertyException(maxAttempts.property(), attempts,
					"a number of attempts from 2 to 5 (the first attempt included; grpc-java allows no more than 5)");
		}
		Duration initialBackoff = positive(
				merged.pick((c) -> c.getRetry().getInitialBackoff(), "retry.initial-backoff"),
				Duration.ofMillis(100));
		Duration maxBackoff = positive(merged.pick((c) -> c.getRetry().getMaxBackoff(), "retry.max-backoff"),
				Duration.ofSeconds(1));
		Value<Double> multiplier = merged.pick((c) -> c.getRetry().getBackoffMultiplier(),
				"retry.backoff-multiplier");
		double backoffMultiplier = multiplier.orElse(2.0);
		if (!(backoffMultiplier > 0) || Double.isInfinite(backoffMultiplier)) {
			throw new InvalidGrpcClientPropertyException(multiplier.property(), backoffMultiplier,
					"a number greater than 0, e.g. 2.0");
		}
		Value<List<String>> codes = merged.pick((c) -> c.getRetry().getRetryableStatusCodes(),
				"retry.retryable-status-codes");
		List<Status.Code> statusCodes = statusCodes(codes);
		if (!Boolean.TRUE.equals(enabled.value())) {
			return null;
		}
		return new RetrySpec(attempts, initialBackoff, maxBackoff, backoffMultiplier, statusCodes);
	}

	private static List<Status.Code> statusCodes(Value<List<String>> codes) {
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
		return Arrays.stream(Status.Code.values()).filter((code) -> code.name().equals(normalized)).findFirst()
			.orElse(null);
	}

	private Security security(Merged merged, ChannelTarget target) {
		Value<Boolean> enabled = merged.pick((c) -> c.getSsl().getEnabled(), "ssl.enabled");
		Value<String> bundleName = merged.pick((c) -> c.getSsl().getBundle(), "ssl.bundle");
		if (bundleName.value() != null && Boolean.FALSE.equals(enabled.value())) {
			throw new InvalidGrpcClientPropertyException(enabled.property(), false,
					"true, or remove " + bundleName.property() + " ('" + bundleName.value()
							+ "'): a channel with an SSL bundle uses TLS");
		}
		if (target.isInProcess()) {
			return new Security(InsecureChannelCredentials.create(), "in-process");
		}
		if (bundleName.value() != null) {
			return fromBundle(bundleName);
		}
		if (Boolean.TRUE.equals(enabled.value())) {
			return new Security(TlsChannelCredentials.create(), "tls");
		}
		return new Security(InsecureChannelCredentials.create(), "plaintext");
	}

	private Security fromBundle(Value<String> bundleName) {
		List<String> names = (this.sslBundles != null) ? this.sslBundles.getBundleNames() : List.of();
		if (!names.contains(bundleName.value())) {
			throw new InvalidGrpcClientPropertyException(bundleName.property(), bundleName.value(),
					"the name of an SSL bundle configured under spring.ssl.bundle.* (configured: " + names + ")");
		}
		SslBundle bundle = this.sslBundles.getBundle(bundleName.value());
		if (bundle.getOptions().getCiphers() != null || bundle.getOptions().getEnabledProtocols() != null) {
			throw new InvalidGrpcClientPropertyException(bundleName.property(), bundleName.value(),
					"a bundle without options.ciphers and options.enabled-protocols: grpc-java's TLS credentials cannot apply them (a GrpcChannelCustomizer can)");
		}
		TlsChannelCredentials.Builder tls = TlsChannelCredentials.newBuilder()
			.trustManager(bundle.getManagers().getTrustManagers());
		boolean mutual = bundle.getStores().getKeyStore() != null;
		if (mutual) {
			tls.keyManager(bundle.getManagers().getKeyManagers());
		}
		return new Security(tls.build(), (mutual ? "mtls" : "tls") + " (bundle " + bundleName.value() + ")");
	}

	private static String authority(Value<String> authority) {
		if (authority.value() == null) {
			return null;
		}
		try {
			URI parsed = new URI("//" + authority.value());
			if (parsed.getHost() == null || parsed.getUserInfo() != null || !parsed.getRawPath().isEmpty()
					|| parsed.getRawQuery() != null || parsed.getRawFragment() != null) {
				throw new URISyntaxException(authority.value(), "not a host with an optional port");
			}
			return authority.value();
		}
		catch (URISyntaxException ex) {
			throw new InvalidGrpcClientPropertyException(authority.property(), authority.value(),
					"a host name, optionally with a port, e.g. greeter.example.com or greeter.example.com:443");
		}
	}

	private static Integer messageSize(Value<DataSize> size) {
		if (size.value() == null) {
			return null;
		}
		long bytes = size.value().toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
			throw new InvalidGrpcClientPropertyException(size.property(), size.value(),
					"a size greater than 0 and at most 2GB, e.g. 4MB");
		}
		return (int) bytes;
	}

	private static Duration positive(Value<Duration> duration) {
		if (duration.value() != null && (duration.value().isNegative() || duration.value().isZero())) {
			throw new InvalidGrpcClientPropertyException(duration.property(), duration.value(),
					"a duration greater than 0, e.g. 2s or 500ms");
		}
		return duration.value();
	}

	private static Duration positive(Value<Duration> duration, Duration fallback) {
		Duration value = positive(duration);
		return (value != null) ? value : fallback;
	}

	private static Duration notNegative(Value<Duration> duration) {
		if (duration.value().isNegative()) {
			throw new InvalidGrpcClientPropertyException(duration.property(), duration.value(),
					"a duration of 0 or more, e.g. 5s");
		}
		return duration.value();
	}

	/**
	 * A setting and the property it was read from, so that an error names the line to change.
	 */
	record Value<T>(T value, String property) {

		T orElse(T fallback) {
			return (this.value != null) ? this.value : fallback;
		}

		Value<T> orElse(T fallback, String fallbackProperty) {
			return (this.value != null) ? this : new Value<>(fallback, fallbackProperty);
		}

	}

	/**
	 * One channel's properties over the defaults.
	 */
	private record Merged(String prefix, ChannelProperties channel, ChannelProperties defaults) {

		<T> Value<T> pick(Function<ChannelProperties, T> getter, String key) {
			T own = getter.apply(this.channel);
			if (own != null) {
				return new Value<>(own, this.prefix + key);
			}
			T inherited = getter.apply(this.defaults);
			if (inherited != null) {
				return new Value<>(inherited, "grpc.client.defaults." + key);
			}
			return new Value<>(null, this.prefix + key);
		}

	}

	private record Security(ChannelCredentials credentials, String description) {

	}

}
