package dev.dialtone.autoconfigure.etcd;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.internal.resolver.etcd.EtcdResolution;
import dev.dialtone.test.FailureAnalyses;
import dev.dialtone.test.TestCertificates;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * {@code grpc.client.etcd.*} and {@code etcd:} targets as the start reads them, without an etcd
 * server: every value that cannot work stops the start naming the property, the value (never a
 * password or an endpoint's credentials) and what is allowed; without jetcd an {@code etcd:} target
 * says what to add, and nothing else changes.
 */
class EtcdConfigurationTests {

	private static final String SECRET = "s3cret-Passw0rd";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class,
				GrpcClientEtcdAutoConfiguration.class, SslAutoConfiguration.class))
		.withPropertyValues("grpc.client.channels.greeter.target=etcd:///greeter");

	private static TestCertificates certificates() {
		try {
			return TestCertificates.create(Files.createTempDirectory("dialtone-etcd-certificates"), "Etcd Test CA");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Stream<Arguments> invalidConfigurations() {
		String etcd = "grpc.client.etcd.";
		String endpoint = etcd + "endpoints=http://127.0.0.1:2379";
		return Stream.of(
				arguments("endpoint without a scheme", new String[] { etcd + "endpoints=127.0.0.1:2379" },
						etcd + "endpoints[0]", "127.0.0.1:2379", "http:// or https://"),
				arguments("endpoint of another scheme", new String[] { etcd + "endpoints=grpc://127.0.0.1:2379" },
						etcd + "endpoints[0]", "grpc://127.0.0.1:2379", "http:// or https://"),
				arguments("endpoint without a port", new String[] { etcd + "endpoints=http://127.0.0.1" },
						etcd + "endpoints[0]", "http://127.0.0.1", "with a host and a port"),
				arguments("endpoint with a path", new String[] { etcd + "endpoints=http://127.0.0.1:2379/v3" },
						etcd + "endpoints[0]", "http://127.0.0.1:2379/v3", "nothing after them"),
				arguments("endpoint with a port out of range",
						new String[] { etcd + "endpoints=http://127.0.0.1:70000" }, etcd + "endpoints[0]",
						"http://127.0.0.1:70000", "with a host and a port"),
				arguments("endpoint with credentials",
						new String[] { etcd + "endpoints=http://root:" + SECRET + "@127.0.0.1:2379" },
						etcd + "endpoints[0]", "http://******@127.0.0.1:2379", "grpc.client.etcd.username"),
				arguments("http and https endpoints",
						new String[] { etcd + "endpoints=http://127.0.0.1:2379,https://127.0.0.2:2379" },
						etcd + "endpoints[1]", "https://127.0.0.2:2379", "scheme of the first one (http)"),
				arguments("username without password", new String[] { endpoint, etcd + "username=root" },
						etcd + "password", null, "password of the etcd user 'root'"),
				arguments("password without username", new String[] { endpoint, etcd + "password=" + SECRET },
						etcd + "username", null, "the etcd user whose password"),
				arguments("blank username", new String[] { endpoint, etcd + "username= ", etcd + "password=x" },
						etcd + "username", "", "the name of an etcd user"),
				arguments("unknown ssl bundle",
						new String[] { etcd + "endpoints=https://127.0.0.1:2379", etcd + "ssl.bundle=nope" },
						etcd + "ssl.bundle", "nope", "spring.ssl.bundle"),
				arguments("ssl bundle with http endpoints",
						new String[] { endpoint, etcd + "ssl.bundle=etcd",
								"spring.ssl.bundle.pem.etcd.truststore.certificate=file:" + certificates().ca() },
						etcd + "ssl.bundle", "etcd", "https:// endpoints"),
				arguments("etcd target without endpoints", new String[0], "grpc.client.channels.greeter.target",
						"etcd:///greeter", "grpc.client.etcd.endpoints"),
				arguments("etcd target without a service",
						new String[] { endpoint, "grpc.client.channels.greeter.target=etcd://greeter" },
						"grpc.client.channels.greeter.target", "etcd://greeter", "etcd:///service"),
				arguments("etcd target with an empty segment",
						new String[] { endpoint, "grpc.client.channels.greeter.target=etcd:///a//b" },
						"grpc.client.channels.greeter.target", "etcd:///a//b", "single slashes"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidConfigurations")
	void stopsTheStartNamingPropertyValueAndWhatIsAllowed(String description, String[] properties, String property,
			String value, String allowed) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class, (failure) -> {
					assertThat(failure.getProperty()).isEqualTo(property);
					assertThat((failure.getValue() != null) ? failure.getValue().toString() : null).isEqualTo(value);
					assertThat(failure.getAllowed()).contains(allowed);
				});
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).contains(property).contains(allowed);
			assertThat(analysis.getDescription() + analysis.getAction() + context.getStartupFailure())
				.doesNotContain(SECRET);
		});
	}

	@Test
	void withoutJetcdChannelsAreUnchangedAndAnEtcdTargetSaysWhatToAdd() {
		ApplicationContextRunner withoutJetcd = this.runner.withClassLoader(new FilteredClassLoader("io.etcd"))
			.withPropertyValues("grpc.client.etcd.endpoints=http://127.0.0.1:2379");
		withoutJetcd.withPropertyValues("grpc.client.channels.greeter.target=static://127.0.0.1:6565")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(GrpcChannels.class)
				.doesNotHaveBean(EtcdResolution.class));
		withoutJetcd.run((context) -> assertThat(context.getStartupFailure()).rootCause()
			.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class, (ex) -> {
				assertThat(ex.getProperty()).isEqualTo("grpc.client.channels.greeter.target");
				assertThat(ex.getAllowed()).contains("io.etcd:jetcd-core");
			}));
	}

	@Test
	void withJetcdButNoEtcdTargetNoThreadStarts() {
		this.runner
			.withPropertyValues("grpc.client.etcd.endpoints=http://127.0.0.1:2379",
					"grpc.client.channels.greeter.target=static://127.0.0.1:6565")
			.run((context) -> {
				assertThat(context).hasNotFailed().hasSingleBean(EtcdResolution.class);
				assertThat(Thread.getAllStackTraces().keySet())
					.noneSatisfy((thread) -> assertThat(thread.getName()).startsWith("jetcd-"));
			});
	}

}
