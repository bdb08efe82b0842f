package dev.dialtone.autoconfigure;

import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import com.google.common.util.concurrent.ListenableFuture;
import io.grpc.Status;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;

import org.springframework.beans.BeanUtils;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.convert.ApplicationConversionService;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.util.ClassUtils;
import org.springframework.util.unit.DataSize;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.GreeterCalls;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * Random values, mostly bad ones, on every key Dialtone knows, as a new user would write them:
 * each either starts and a call works, or stops the start with a failure analysis that names a
 * property that was written. None fails the start with a raw exception, and none starts and then
 * fails its calls for a reason that was knowable at startup.
 * <p>
 * The keys come from the properties classes (as {@link KnownProperties} reads them), so that a key
 * added later is tried too; its values come from its type, and, for strings, from its name. The
 * seed is fixed, so that a run is the same on every machine; jqwik reports the seed and the
 * smallest failing sample when one fails.
 */
class BadValuePropertyTests {

	private static final String CHANNEL = "grpc.client.channels.greeter.";

	private static final Duration CALL_WAIT = Duration.ofSeconds(5);

	private static GreeterBackend backend;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class, SslAutoConfiguration.class));

	@BeforeContainer
	static void startBackend() {
		backend = GreeterBackend.start("bad-values");
	}

	@AfterContainer
	static void stopBackend() {
		if (backend != null) {
			backend.close();
		}
	}

	@Property(tries = 200, seed = "20261204", shrinking = ShrinkingMode.BOUNDED)
	void everyValueStartsAndWorksOrStopsTheStartNamingItsProperty(@ForAll("tries") Tried tried) {
		Map<String, String> properties = tried.withBase(backend.port());
		this.runner.withPropertyValues(properties.entrySet()
			.stream()
			.map((property) -> property.getKey() + "=" + property.getValue())
			.toArray(String[]::new)).run((context) -> {
				String outcome = (context.getStartupFailure() != null) ? refused(context, tried)
						: worked(context, properties);
				Statistics.label("outcome").collect(outcome);
			});
	}

	@Example
	void everyKeyIsTriedOnTheChannelItsDefaultsAndGlobally() {
		List<String> channel = keyNames(keys(CHANNEL, "grpc.client.channels.*."));
		List<String> defaults = keyNames(keys("grpc.client.defaults.", "grpc.client.defaults."));
		List<String> global = keyNames(globalKeys());
		assertThat(channel).hasSameSizeAs(defaults)
			.contains(CHANNEL + "target", CHANNEL + "keepalive.timeout", CHANNEL + "idle-timeout",
					CHANNEL + "retry.initial-backoff", CHANNEL + "retry-throttling.token-ratio",
					CHANNEL + "hedging.non-fatal-status-codes", CHANNEL + "outlier-detection.success-rate.stdev-factor",
					CHANNEL + "outlier-detection.failure-percentage.request-volume", CHANNEL + "health-check.service-name",
					CHANNEL + "health.service-name", CHANNEL + "ssl.bundle", CHANNEL + "dns.refresh-interval",
					CHANNEL + "resolution.refresh-interval", CHANNEL + "methods[0].names",
					CHANNEL + "methods[0].retry.max-attempts", CHANNEL + "methods[0].max-request-message-size");
		assertThat(global).contains("grpc.client.enabled", "grpc.client.default-scheme", "grpc.client.dns.min-interval",
				"grpc.client.dns.servers", "grpc.client.resolution.refresh-interval", "grpc.client.etcd.endpoints");
		assertThat(channel.size() + global.size()).isEqualTo(KnownProperties.types().size()
				- keyNames(keys("grpc.client.defaults.", "grpc.client.defaults.")).size());
	}

	private static List<String> keyNames(Arbitrary<Map.Entry<String, Type>> keys) {
		return keys.allValues().orElseThrow().map(Map.Entry::getKey).toList();
	}

	/**
	 * The start failed: it must be a failure that one of Dialtone's or Spring Boot's failure
	 * analyzers explains, naming a property that was written.
	 */
	private static String refused(AssertableApplicationContext context, Tried tried) {
		Throwable failure = context.getStartupFailure();
		FailureAnalysis analysis = analyze(failure);
		if (analysis == null) {
			fail("The start failed with an exception that no failure analyzer explains, naming no property: %s",
					describe(failure));
		}
		String explained = analysis.getDescription() + "\n" + analysis.getAction();
		boolean named = tried.values().keySet().stream().anyMatch((property) -> names(explained, property));
		if (!named) {
			fail("The start failed without naming any property that was written (%s):%n%s%ncaused by %s",
					tried.values().keySet(), explained, describe(failure));
		}
		if (explained.contains("does not know")) {
			fail("The start failed calling a known property unknown (only known ones are written):%n%s", explained);
		}
		return "refused, explained by " + analyzer(failure);
	}

	/**
	 * The context started: a call must work, unless a written value makes it fail for a reason only
	 * the backend can know (TLS to a plaintext backend, a health-check service it does not know, a
	 * deadline or message limit too small for the call).
	 */
	private static String worked(AssertableApplicationContext context, Map<String, String> properties) {
		if ("false".equalsIgnoreCase(properties.getOrDefault("grpc.client.enabled", "").trim())) {
			assertThat(context).doesNotHaveBean(GrpcChannels.class);
			return "started, disabled";
		}
		GrpcChannels channels = context.getBeanProvider(GrpcChannels.class).getIfAvailable();
		if (channels == null) {
			fail("The context started without Dialtone's channels, though grpc.client.enabled is not false; written: %s",
					properties);
		}
		Status status = call(channels);
		if (status.isOk()) {
			return "started, call worked";
		}
		String excuse = excuse(properties, status);
		if (excuse == null) {
			fail("The context started but a call failed with %s (%s), for no reason the backend alone could know; written: %s",
					status.getCode(), status.getDescription(), properties);
		}
		return "started, call failed: " + excuse;
	}

	private static Status call(GrpcChannels channels) {
		// No deadline of the call's own, so that the channel's deadline applies; the wait is bounded
		// here instead, and the call cancelled when the wait runs out.
		ListenableFuture<HelloReply> reply = GreeterGrpc.newFutureStub(channels.channel("greeter"))
			.sayHello(GreeterCalls.hello());
		try {
			reply.get(CALL_WAIT.toMillis(), TimeUnit.MILLISECONDS);
			return Status.OK;
		}
		catch (ExecutionException ex) {
			return Status.fromThrowable(ex.getCause());
		}
		catch (TimeoutException ex) {
			reply.cancel(true);
			return Status.DEADLINE_EXCEEDED.withDescription("no answer within " + CALL_WAIT);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Why a call may fail with the given values, or null when it should have worked.
	 */
	private static String excuse(Map<String, String> properties, Status status) {
		for (Map.Entry<String, String> property : properties.entrySet()) {
			String key = key(property.getKey());
			String value = property.getValue().trim();
			if (key.equals("ssl.enabled") && isTrue(value)) {
				return "TLS to a plaintext backend";
			}
			if ((key.equals("health-check.service-name") || key.equals("health.service-name"))
					&& !value.equals(GreeterBackend.SERVICE) && isOneOf(status, Status.Code.UNAVAILABLE,
							Status.Code.DEADLINE_EXCEEDED)) {
				return "a health-check service the backend does not know";
			}
			if (key.endsWith("deadline") && shorterThan(value, Duration.ofMillis(200))
					&& isOneOf(status, Status.Code.DEADLINE_EXCEEDED)) {
				return "a deadline shorter than the call";
			}
			if (key.endsWith("message-size") && smallerThan(value, DataSize.ofKilobytes(1))
					&& isOneOf(status, Status.Code.RESOURCE_EXHAUSTED, Status.Code.CANCELLED, Status.Code.INTERNAL)) {
				return "a message limit smaller than the message";
			}
			// grpc-java #12109: a request over the limit made while the channel still connects is
			// never answered, so it ends at the wait (or the deadline) instead.
			if (key.equals("max-request-message-size") && smallerThan(value, DataSize.ofKilobytes(1))
					&& isOneOf(status, Status.Code.DEADLINE_EXCEEDED)) {
				return "a request limit smaller than the request (grpc-java #12109)";
			}
		}
		return null;
	}

	private static boolean isTrue(String value) {
		try {
			return Boolean.TRUE.equals(ApplicationConversionService.getSharedInstance().convert(value, Boolean.class));
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean isOneOf(Status status, Status.Code... codes) {
		return List.of(codes).contains(status.getCode());
	}

	private static boolean shorterThan(String value, Duration limit) {
		try {
			return DurationStyle.detectAndParse(value).compareTo(limit) < 0;
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	private static boolean smallerThan(String value, DataSize limit) {
		try {
			return DataSize.parse(value).toBytes() < limit.toBytes();
		}
		catch (RuntimeException ex) {
			return false;
		}
	}

	/**
	 * The key below the channel, its methods entry or the defaults, e.g. {@code retry.max-attempts}.
	 */
	private static String key(String property) {
		String key = property.replaceFirst("^grpc\\.client\\.(channels\\.greeter|defaults)\\.", "");
		return key.replaceFirst("^methods\\[\\d+]\\.", "");
	}

	/**
	 * Whether the analysis names the property; one written under the defaults may be named as the
	 * channel's, which inherited it.
	 */
	private static boolean names(String explained, String property) {
		return explained.contains(property) || (property.startsWith("grpc.client.defaults.")
				&& explained.contains(CHANNEL + property.substring("grpc.client.defaults.".length())));
	}

	/**
	 * The analysis Spring Boot would print, from Dialtone's analyzers first, then Spring Boot's own
	 * (the binding ones among them); analyzers that need a bean factory or environment are skipped.
	 */
	private static FailureAnalysis analyze(Throwable failure) {
		Map.Entry<String, FailureAnalysis> explained = explain(failure);
		return (explained != null) ? explained.getValue() : null;
	}

	private static String analyzer(Throwable failure) {
		return explain(failure).getKey();
	}

	private static Map.Entry<String, FailureAnalysis> explain(Throwable failure) {
		ClassLoader classLoader = BadValuePropertyTests.class.getClassLoader();
		List<String> names = new ArrayList<>(SpringFactoriesLoader.loadFactoryNames(FailureAnalyzer.class, classLoader));
		names.sort((a, b) -> Boolean.compare(!a.startsWith("dev.dialtone."), !b.startsWith("dev.dialtone.")));
		for (String name : names) {
			Class<?> type = ClassUtils.resolveClassName(name, classLoader);
			if (!hasNoArgumentConstructor(type)) {
				continue;
			}
			FailureAnalysis analysis = ((FailureAnalyzer) BeanUtils.instantiateClass(type)).analyze(failure);
			if (analysis != null) {
				return Map.entry(type.getSimpleName(), analysis);
			}
		}
		return null;
	}

	private static boolean hasNoArgumentConstructor(Class<?> type) {
		try {
			type.getDeclaredConstructor();
			return true;
		}
		catch (NoSuchMethodException | LinkageError ex) {
			// An analyzer of an optional library that is not on the classpath (e.g. Bean Validation).
			return false;
		}
	}

	private static String describe(Throwable failure) {
		StringBuilder chain = new StringBuilder();
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			chain.append("\n  ").append(cause.getClass().getName()).append(": ").append(cause.getMessage());
		}
		return chain.toString();
	}

	@Provide
	Arbitrary<Tried> tries() {
		Arbitrary<Map.Entry<String, String>> written = Arbitraries.frequencyOf(
				Tuple.of(7, keys(CHANNEL, "grpc.client.channels.*.")),
				Tuple.of(2, keys("grpc.client.defaults.", "grpc.client.defaults.")),
				Tuple.of(2, globalKeys()))
			.flatMap((key) -> Values.forKey(key.getKey(), key.getValue()).map((value) -> Map.entry(key.getKey(), value)));
		Arbitrary<List<Map.Entry<String, String>>> switches = Arbitraries.of(Values.SWITCHES).list().ofMaxSize(2);
		return Combinators.combine(written, written.list().ofMaxSize(2), switches).as((bad, more, on) -> {
			Map<String, String> values = new LinkedHashMap<>();
			on.forEach((entry) -> values.put(entry.getKey(), entry.getValue()));
			more.forEach((entry) -> values.put(entry.getKey(), entry.getValue()));
			values.put(bad.getKey(), bad.getValue());
			return new Tried(values);
		});
	}

	/**
	 * Every key of a channel, written under the given prefix (a channel or the defaults).
	 */
	private static Arbitrary<Map.Entry<String, Type>> keys(String prefix, String pattern) {
		List<Map.Entry<String, Type>> keys = KnownProperties.types()
			.entrySet()
			.stream()
			.filter((known) -> known.getKey().startsWith(pattern))
			.map((known) -> Map.entry(prefix + known.getKey().substring(pattern.length()).replace("[*]", "[0]"),
					known.getValue()))
			.toList();
		return Arbitraries.of(keys);
	}

	/**
	 * Every key outside the channels and their defaults: grpc.client.dns.*, resolution.*,
	 * default-scheme, etcd.*, and the rest.
	 */
	private static Arbitrary<Map.Entry<String, Type>> globalKeys() {
		return Arbitraries.of(KnownProperties.types()
			.entrySet()
			.stream()
			.filter((known) -> !known.getKey().startsWith("grpc.client.channels.")
					&& !known.getKey().startsWith("grpc.client.defaults."))
			.map((known) -> Map.entry(known.getKey().replace("[*]", "[0]"), known.getValue()))
			.toList());
	}

	/**
	 * The values written in one try, in the order written: the last one is the bad value tried.
	 */
	record Tried(Map<String, String> values) {

		/**
		 * The values over a channel that works: its target, and names for a methods entry.
		 */
		Map<String, String> withBase(int port) {
			Map<String, String> all = new LinkedHashMap<>();
			all.put(CHANNEL + "target", "static://127.0.0.1:" + port);
			boolean methods = this.values.keySet().stream().anyMatch((key) -> key.contains(".methods[0]."));
			if (methods) {
				this.values.keySet()
					.stream()
					.filter((key) -> key.contains(".methods[0]."))
					.map((key) -> key.substring(0, key.indexOf(".methods[0].")) + ".methods[0].names")
					.forEach((names) -> all.put(names, GreeterBackend.SERVICE));
			}
			this.values.forEach((key, value) -> all.put(key, value.replace("${port}", String.valueOf(port))));
			return all;
		}

		@Override
		public String toString() {
			StringBuilder written = new StringBuilder();
			this.values.forEach((key, value) -> written.append("\n  ").append(key).append("=").append(value));
			return written.toString();
		}

	}

	/**
	 * Values by a key's type and, for strings, by its name: mostly bad or odd ones, some good ones,
	 * so that combinations of several written values run too. {@code ${port}} stands for the
	 * backend's port.
	 */
	static final class Values {

		/**
		 * Keys that turn on checking or behaviour the other keys configure.
		 */
		static final List<Map.Entry<String, String>> SWITCHES = List.of(Map.entry(CHANNEL + "retry.enabled", "true"),
				Map.entry(CHANNEL + "hedging.enabled", "true"),
				Map.entry(CHANNEL + "outlier-detection.enabled", "true"),
				Map.entry(CHANNEL + "retry-throttling.max-tokens", "10"),
				Map.entry(CHANNEL + "methods[0].retry.enabled", "true"),
				Map.entry(CHANNEL + "wait-for-ready", "true"), Map.entry(CHANNEL + "lb-policy", "pick_first"));

		private static final List<String> DURATIONS = List.of("-1s", "0s", "0", "-0s", "1ns", "1ms", "50ms", "2s",
				"30s", "5m", "1h", "99999999999d", "106751d", "106752d", "9223372036854775807ns",
				"9223372036854775808ns", "9223372036854775807s", "PT-5S", "P999999999999D", "1x", "abc", "", " ",
				"1.5s", "1e3s", "5 s", "-9223372036854775808ns", "10000000000000000000000d", "NaN", "1d");

		private static final List<String> INTEGERS = List.of("-1", "0", "1", "2", "3", "5", "6", "10", "50", "100",
				"101", "1000", "1001", "1900", "2147483647", "2147483648", "-2147483648", "99999999999999999999", "1.5",
				"abc", "", "0x10", "1e3", "NaN");

		private static final List<String> DOUBLES = List.of("NaN", "Infinity", "-Infinity", "-1", "0", "-0",
				"0.0001", "0.001", "0.1", "1", "1.5", "2", "100", "1e308", "1e309", "-1e309", "4.9e-324", "abc", "",
				"1,5", "0x1p3");

		private static final List<String> SIZES = List.of("-1B", "0", "0B", "1B", "10B", "1KB", "4MB", "2GB",
				"2147483647B", "2147483648B", "3GB", "9999999TB", "9223372036854775807B", "9223372036854775808B",
				"abc", "", "1.5MB", "-4MB");

		private static final List<String> BOOLEANS = List.of("true", "false", "TRUE", "False", "yes", "no", "on",
				"off", "1", "0", "maybe", "", " true ");

		private static final String LABEL_64 = "a".repeat(64);

		private static final String NAME_254 = String.join(".", "a".repeat(63), "b".repeat(63), "c".repeat(63),
				"d".repeat(62));

		private static final List<String> TARGETS = List.of("static://127.0.0.1:${port}",
				"static:///127.0.0.1:${port}", "Static://127.0.0.1:${port}", "dns:///127.0.0.1:${port}",
				"DNS:///127.0.0.1:${port}", "dNs:///localhost:${port}", "127.0.0.1:${port}", "localhost:${port}",
				"static://127.0.0.1:${port},127.0.0.1:${port}", "dns:///127.0.0.1:99999", "dns:///127.0.0.1:0",
				"dns:///127.0.0.1:65536", "127.0.0.1:0", "127.0.0.1:65536", "127.0.0.1:99999", "host:0",
				"static://127.0.0.1:-1", "static://127.0.0.1:99999", "dns://server/127.0.0.1:${port}",
				"dns://8.8.8.8/localhost:${port}", "dns:///" + LABEL_64 + ".example:${port}",
				"dns:///" + NAME_254 + ":${port}", LABEL_64 + ".example:${port}", "dns:///bücher.example:${port}",
				"dns:///例え.テスト:${port}", "", " ", "dns:", "dns://", "dns:///", "dns:///:${port}", "static://",
				"static://,", "static://127.0.0.1:${port},", "in-process:", "xds:///greeter", "HTTP://127.0.0.1:${port}",
				"dns:///127.0.0.1:${port}/path", "dns:///127.0.0.1:${port}?q=1", "dns:///127.0.0.1:${port}#f",
				"dns:///[::1:${port}", "dns:///a..b:${port}", "dns:///-a.example:${port}", "%zz",
				"dns:///127.0.0.1:-5", "static://[::1]:99999", "dns:///127.0.0.1:" + "9".repeat(30));

		private static final List<String> LB_POLICIES = List.of("pick_first", "round_robin", "ROUND_ROBIN",
				"Pick_First", "weighted_round_robin", "least_request_experimental", "ring_hash_experimental", "grpclb",
				"xds_cluster_impl_experimental", "outlier_detection_experimental", "priority_experimental", "", " ",
				"round_robin ", "round-robin", "nope");

		private static final List<String> SCHEMES = List.of("dns", "DNS", "static", "Static", "in-process", "unix",
				"etcd", "discovery", "xds", "http", "", " ", "dns:", "dns:///", "nope");

		private static final List<String> STATUS_CODES = List.of("UNAVAILABLE", "unavailable", "resource-exhausted",
				"Resource_Exhausted", "DEADLINE_EXCEEDED", "OK", "ok", "NOPE", "", " ", "14", "UNAVAILABLE,,ABORTED",
				"UNAVAILABLE,ABORTED", "UNKNOWN,INTERNAL", "CANCELLED");

		private static final List<String> METHOD_NAMES = List.of(GreeterBackend.SERVICE,
				GreeterBackend.SERVICE + "/SayHello", GreeterBackend.SERVICE + "/SayGoodbye", "", " ", "/", "a/b/c",
				"*", "helloworld.Greeter/", "/SayHello", "helloworld.Gréeter", "Greeter", "a b",
				"helloworld.Greeter,helloworld.Greeter");

		private static final List<String> SERVICE_NAMES = List.of(GreeterBackend.SERVICE, "", " ", "unknown.Service",
				"héllo", "a".repeat(10_000), "\t");

		private static final List<String> HOSTS = List.of("localhost", "greeter.example.com",
				"greeter.example.com:443", "", " ", "host:0", "host:99999", "user@host", "host/path", "[::1]:443",
				"[::1", LABEL_64 + ".example", NAME_254, "bücher.example", "a b", "-a.example", "a..b", "host:",
				":443");

		private static final List<String> SERVER_ADDRESSES = List.of("127.0.0.1:53", "[::1]:53", "127.0.0.1:0",
				"127.0.0.1:99999", "127.0.0.1", "::1:53", "", " ", "nohost.invalid:53", LABEL_64 + ".example:53",
				"127.0.0.1:53,127.0.0.1:54");

		private static final List<String> ENDPOINTS = List.of("http://127.0.0.1:2379", "https://127.0.0.1:2379",
				"127.0.0.1:2379", "", " ", "http://127.0.0.1:0", "http://127.0.0.1:99999", "nope://x", "http://");

		private static final List<String> USER_AGENTS = List.of("my-app", "", " ", "héllo", "a\u0000b", "a\u007fb",
				"x".repeat(10_000), "app/1.0 (linux)", "😀");

		private Values() {
		}

		static Arbitrary<String> forKey(String property, Type type) {
			String key = key(property);
			Class<?> raw = (type instanceof ParameterizedType parameterized) ? (Class<?>) parameterized.getRawType()
					: (Class<?>) type;
			if (List.class.isAssignableFrom(raw)) {
				return list(key);
			}
			if (raw == Duration.class) {
				return Arbitraries.oneOf(Arbitraries.of(DURATIONS),
						Arbitraries.longs().between(-1000, 100_000).map((millis) -> millis + "ms"));
			}
			if (raw == Integer.class || raw == int.class || raw == Long.class || raw == long.class) {
				return Arbitraries.oneOf(Arbitraries.of(INTEGERS),
						Arbitraries.integers().between(-10, 2000).map(String::valueOf));
			}
			if (raw == Double.class || raw == double.class || raw == Float.class || raw == float.class) {
				return Arbitraries.oneOf(Arbitraries.of(DOUBLES),
						Arbitraries.doubles().between(-10, 2000).map(String::valueOf));
			}
			if (raw == DataSize.class) {
				return Arbitraries.of(SIZES);
			}
			if (raw == Boolean.class || raw == boolean.class) {
				return Arbitraries.of(BOOLEANS);
			}
			if (raw.isEnum()) {
				List<String> names = new ArrayList<>();
				for (Object constant : raw.getEnumConstants()) {
					names.add(((Enum<?>) constant).name());
					names.add(((Enum<?>) constant).name().toLowerCase(Locale.ROOT));
				}
				names.addAll(List.of("", "nope"));
				return Arbitraries.of(names);
			}
			return string(key);
		}

		private static Arbitrary<String> string(String key) {
			if (key.equals("target")) {
				return Arbitraries.of(TARGETS);
			}
			if (key.equals("lb-policy")) {
				return Arbitraries.of(LB_POLICIES);
			}
			if (key.endsWith("scheme")) {
				return Arbitraries.of(SCHEMES);
			}
			if (key.endsWith("service-name")) {
				return Arbitraries.of(SERVICE_NAMES);
			}
			if (key.equals("authority")) {
				return Arbitraries.of(HOSTS);
			}
			if (key.equals("user-agent")) {
				return Arbitraries.oneOf(Arbitraries.of(USER_AGENTS), anyString());
			}
			return anyString();
		}

		private static Arbitrary<String> list(String key) {
			Arbitrary<String> element;
			if (key.endsWith("status-codes")) {
				element = Arbitraries.of(STATUS_CODES);
			}
			else if (key.equals("names")) {
				element = Arbitraries.of(METHOD_NAMES);
			}
			else if (key.endsWith("servers")) {
				element = Arbitraries.of(SERVER_ADDRESSES);
			}
			else if (key.endsWith("endpoints")) {
				element = Arbitraries.of(ENDPOINTS);
			}
			else {
				element = anyString();
			}
			return element.list().ofMaxSize(3).map((elements) -> String.join(",", elements));
		}

		private static Arbitrary<String> anyString() {
			return Arbitraries.oneOf(Arbitraries.strings().ofMaxLength(20),
					Arbitraries.strings().all().ofMaxLength(8), Arbitraries.of("", " ", "nope", "${port}"));
		}

	}

}
