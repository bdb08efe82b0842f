package dev.dialtone.autoconfigure;

import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.test.FailureAnalyses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Every value that cannot work stops the start with a message naming the property, the bad value
 * and what is allowed.
 */
class InvalidConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class, SslAutoConfiguration.class));

	static Stream<Arguments> invalidConfigurations() {
		String channel = "grpc.client.channels.greeter.";
		String target = channel + "target=static://127.0.0.1:6565";
		return Stream.of(
				arguments("unknown scheme", new String[] { channel + "target=consul:///greeter" }, channel + "target",
						"consul:///greeter", "[dns, in-process, static"),
				arguments("unknown default scheme",
						new String[] { "grpc.client.default-scheme=zookeeper", channel + "target=greeter:6565" },
						"grpc.client.default-scheme", "zookeeper", "dns"),
				arguments("missing target", new String[] { channel + "lb-policy=round_robin" }, channel + "target",
						null, "dns:///host:port"),
				arguments("bad static list", new String[] { channel + "target=static://127.0.0.1:6565,localhost" },
						channel + "target", "static://127.0.0.1:6565,localhost", "host1:port1"),
				arguments("static port out of range", new String[] { channel + "target=static://127.0.0.1:70000" },
						channel + "target", "static://127.0.0.1:70000", "ports 1-65535"),
				arguments("unknown lb-policy", new String[] { target, channel + "lb-policy=round_robbin" },
						channel + "lb-policy", "round_robbin", "[pick_first, round_robin"),
				arguments("a policy that fails every call outside xDS",
						new String[] { target, channel + "lb-policy=ring_hash_experimental" }, channel + "lb-policy",
						"ring_hash_experimental", "only xDS sets"),
				arguments("too few attempts", new String[] { target, channel + "retry.max-attempts=1" },
						channel + "retry.max-attempts", "1", "from 2 to 5"),
				arguments("too many attempts", new String[] { target, channel + "retry.max-attempts=6" },
						channel + "retry.max-attempts", "6", "from 2 to 5"),
				arguments("unknown status code",
						new String[] { target, channel + "retry.retryable-status-codes=UNAVAILABLE,UNAVALABLE" },
						channel + "retry.retryable-status-codes", "UNAVALABLE", "DEADLINE_EXCEEDED"),
				arguments("zero backoff", new String[] { target, channel + "retry.initial-backoff=0s" },
						channel + "retry.initial-backoff", "PT0S", "greater than 0"),
				arguments("negative multiplier", new String[] { target, channel + "retry.backoff-multiplier=-1" },
						channel + "retry.backoff-multiplier", "-1.0", "greater than 0"),
				arguments("health checking with pick_first",
						new String[] { target, channel + "lb-policy=pick_first",
								channel + "health-check.service-name=helloworld.Greeter" },
						channel + "health-check.service-name", "helloworld.Greeter", "round_robin"),
				arguments("unknown ssl bundle", new String[] { target, channel + "ssl.bundle=nope" },
						channel + "ssl.bundle", "nope", "spring.ssl.bundle"),
				arguments("bundle with ssl disabled",
						new String[] { target, channel + "ssl.bundle=nope", channel + "ssl.enabled=false" },
						channel + "ssl.enabled", "false", "ssl.bundle"),
				arguments("zero deadline", new String[] { target, channel + "deadline=0ms" }, channel + "deadline",
						"PT0S", "greater than 0"),
				arguments("zero immediate-connect timeout",
						new String[] { target, "grpc.client.defaults.immediate-connect-timeout=0s" },
						"grpc.client.defaults.immediate-connect-timeout", "PT0S", "greater than 0"),
				arguments("negative grace period", new String[] { target, channel + "shutdown-grace-period=-1s" },
						channel + "shutdown-grace-period", "PT-1S", "0 or more"),
				arguments("message size too large", new String[] { target, channel + "max-inbound-message-size=3GB" },
						channel + "max-inbound-message-size", "3221225472B", "at most 2GB"),
				arguments("authority that is no host", new String[] { target, channel + "authority=user@host/path" },
						channel + "authority", "user@host/path", "a host name"),
				arguments("retry and hedging on one method",
						new String[] { target, channel + "retry.enabled=true", channel + "methods[0].names=helloworld.Greeter",
								channel + "methods[0].hedging.enabled=true" },
						channel + "methods[0].hedging.enabled", "true", "either retries or hedges"),
				arguments("retry and hedging on the channel",
						new String[] { target, channel + "retry.enabled=true", channel + "hedging.enabled=true" },
						channel + "hedging.enabled", "true", channel + "retry.enabled"),
				arguments("a method name written twice",
						new String[] { target, channel + "methods[0].names=helloworld.Greeter/SayHello",
								channel + "methods[1].names=helloworld.Admin,helloworld.Greeter/SayHello" },
						channel + "methods[1].names[1]", "helloworld.Greeter/SayHello",
						channel + "methods[0].names[0]"),
				arguments("a name that is no service or method",
						new String[] { target, channel + "methods[0].names=helloworld.Greeter/Say/Hello" },
						channel + "methods[0].names[0]", "helloworld.Greeter/Say/Hello", "service/method"),
				arguments("a method hidden by an earlier service entry",
						new String[] { target, channel + "methods[0].names=helloworld.Greeter",
								channel + "methods[1].names=helloworld.Greeter/SayHello" },
						channel + "methods[1].names[0]", "helloworld.Greeter/SayHello", "put this entry first"),
				arguments("a methods entry without names",
						new String[] { target, channel + "methods[0].deadline=1s" }, channel + "methods[0].names", null,
						"at least one name"),
				arguments("too many hedged attempts",
						new String[] { target, channel + "methods[0].names=helloworld.Greeter",
								channel + "methods[0].hedging.max-attempts=6" },
						channel + "methods[0].hedging.max-attempts", "6", "from 2 to 5"),
				arguments("negative hedging delay", new String[] { target, channel + "hedging.delay=-1ms" },
						channel + "hedging.delay", "PT-0.001S", "0 or more"),
				arguments("unknown non-fatal status code",
						new String[] { target, channel + "hedging.non-fatal-status-codes=UNAVAILABLE,NOPE" },
						channel + "hedging.non-fatal-status-codes", "NOPE", "RESOURCE_EXHAUSTED"),
				arguments("too many retry tokens", new String[] { target, channel + "retry-throttling.max-tokens=1001" },
						channel + "retry-throttling.max-tokens", "1001", "from 1 to 1000"),
				arguments("a token ratio of zero",
						new String[] { target, channel + "retry-throttling.max-tokens=10",
								channel + "retry-throttling.token-ratio=0" },
						channel + "retry-throttling.token-ratio", "0.0", "at least 0.001"),
				arguments("a token ratio without tokens",
						new String[] { target, channel + "retry-throttling.token-ratio=0.5" },
						channel + "retry-throttling.max-tokens", null, "needs both"),
				arguments("a method's request limit too large",
						new String[] { target, channel + "methods[0].names=helloworld.Greeter",
								channel + "methods[0].max-request-message-size=3GB" },
						channel + "methods[0].max-request-message-size", "3221225472B", "at most 2GB"),
				arguments("a methods list inherited from defaults names its own property",
						new String[] { target, "grpc.client.defaults.methods[0].names=nope/" },
						"grpc.client.defaults.methods[0].names[0]", "nope/", "service/method"),
				arguments("more than all backends ejected",
						new String[] { target, channel + "outlier-detection.max-ejection-percent=101" },
						channel + "outlier-detection.max-ejection-percent", "101", "from 0 to 100"),
				arguments("a longest ejection shorter than the first",
						new String[] { target, channel + "outlier-detection.base-ejection-time=60s",
								channel + "outlier-detection.max-ejection-time=30s" },
						channel + "outlier-detection.max-ejection-time", "PT30S", "at least base-ejection-time"),
				arguments("an ejection rule that judges backends without calls",
						new String[] { target, channel + "outlier-detection.failure-percentage.request-volume=0" },
						channel + "outlier-detection.failure-percentage.request-volume", "0", "at least 1"),
				arguments("a zero judging interval",
						new String[] { target, channel + "outlier-detection.interval=0s" },
						channel + "outlier-detection.interval", "PT0S", "greater than 0"),
				arguments("a token ratio that overflows grpc-java's token count",
						new String[] { target, channel + "retry-throttling.max-tokens=10",
								channel + "retry-throttling.token-ratio=10000000" },
						channel + "retry-throttling.token-ratio", "1.0E7", "at most 1000"),
				arguments("a base ejection time that overflows at the second ejection",
						new String[] { target, channel + "outlier-detection.base-ejection-time=106751d" },
						channel + "outlier-detection.base-ejection-time", "PT2562024H", "at most 1d"),
				arguments("a longest ejection beyond a day",
						new String[] { target, channel + "outlier-detection.max-ejection-time=2d" },
						channel + "outlier-detection.max-ejection-time", "PT48H", "at most 1d"),
				arguments("a keepalive timeout beyond a count of nanoseconds",
						new String[] { target, channel + "keepalive.timeout=99999999999d" }, channel + "keepalive.timeout",
						"PT2399999999976H", "at most 106751d"),
				arguments("an idle timeout beyond a count of nanoseconds",
						new String[] { target, channel + "idle-timeout=9223372036854775807s" }, channel + "idle-timeout",
						"PT2562047788015215H30M7S", "at most 106751d"),
				arguments("a retry backoff beyond a count of nanoseconds",
						new String[] { target, channel + "retry.max-backoff=106752d" }, channel + "retry.max-backoff",
						"PT2562048H", "at most 106751d"),
				arguments("a refresh interval beyond a count of nanoseconds",
						new String[] { target, channel + "resolution.refresh-interval=106752d" },
						channel + "resolution.refresh-interval", "PT2562048H", "at most 106751d"),
				arguments("a global minimum interval beyond a count of nanoseconds",
						new String[] { target, "grpc.client.dns.min-interval=99999999999d" }, "grpc.client.dns.min-interval",
						"PT2399999999976H", "at most 106751d"),
				arguments("a blank health-check service name",
						new String[] { target, channel + "health-check.service-name= " },
						channel + "health-check.service-name", "", "remove the property"),
				arguments("bad value inherited from defaults",
						new String[] { target, "grpc.client.defaults.lb-policy=round_robbin" },
						"grpc.client.defaults.lb-policy", "round_robbin", "round_robin"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidConfigurations")
	void stopsTheStartNamingPropertyValueAndWhatIsAllowed(String description, String[] properties, String property,
			String value, String allowed) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause().isInstanceOf(InvalidGrpcClientPropertyException.class);
			InvalidGrpcClientPropertyException failure = (InvalidGrpcClientPropertyException) rootCause(
					context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo(property);
			assertThat((failure.getValue() != null) ? failure.getValue().toString() : null).isEqualTo(value);
			assertThat(failure.getAllowed()).contains(allowed);
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(property);
			if (value != null) {
				assertThat(analysis.getDescription()).contains(value);
			}
			assertThat(analysis.getAction()).contains(property).contains(allowed);
		});
	}

	private static Throwable rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

}
