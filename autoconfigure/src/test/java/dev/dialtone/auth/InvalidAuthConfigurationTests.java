package dev.dialtone.auth;

import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcTokenSource;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.autoconfigure.oauth2.GrpcClientOAuth2AutoConfiguration;
import dev.dialtone.test.FailureAnalyses;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

/**
 * Credentials that cannot work, or would go in the clear over a network, stop the start with a
 * message naming the property and what is allowed, and never the token or password.
 */
class InvalidAuthConfigurationTests {

	private static final String SECRET = "s3cr3t-t0k3n";

	private static final String CHANNEL = "grpc.client.channels.greeter.";

	private static final String LOOPBACK = CHANNEL + "target=static://127.0.0.1:6565";

	private static final String REMOTE = CHANNEL + "target=static://10.0.0.7:50051";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class,
				GrpcClientOAuth2AutoConfiguration.class, GrpcClientAutoConfiguration.class, SslAutoConfiguration.class))
		.withBean("greeterTokens", GrpcTokenSource.class, () -> () -> SECRET)
		.withPropertyValues("spring.security.oauth2.client.registration.greeter.client-id=greeter",
				"spring.security.oauth2.client.registration.greeter.client-secret=" + SECRET,
				"spring.security.oauth2.client.registration.greeter.authorization-grant-type=client_credentials",
				"spring.security.oauth2.client.registration.greeter.provider=test",
				"spring.security.oauth2.client.registration.web.client-id=web",
				"spring.security.oauth2.client.registration.web.authorization-grant-type=authorization_code",
				"spring.security.oauth2.client.registration.web.redirect-uri=http://127.0.0.1/login",
				"spring.security.oauth2.client.registration.web.provider=test",
				"spring.security.oauth2.client.provider.test.token-uri=http://127.0.0.1:1/token",
				"spring.security.oauth2.client.provider.test.authorization-uri=http://127.0.0.1:1/authorize");

	static Stream<Arguments> invalidConfigurations() {
		String masked = "******";
		String plaintext = "credentials sent only over TLS";
		return Stream.of(
				arguments("a token over plaintext to a remote host",
						new String[] { REMOTE, CHANNEL + "auth.bearer-token=" + SECRET }, CHANNEL + "auth.bearer-token",
						masked, plaintext),
				arguments("basic over plaintext to a remote host",
						new String[] { REMOTE, CHANNEL + "auth.basic.username=ada", CHANNEL + "auth.basic.password=" + SECRET },
						CHANNEL + "auth.basic.username", "ada", CHANNEL + "auth.allow-plaintext=true"),
				arguments("oauth2 over plaintext to a remote host",
						new String[] { REMOTE, CHANNEL + "auth.oauth2.registration-id=greeter" },
						CHANNEL + "auth.oauth2.registration-id", "greeter", CHANNEL + "ssl.enabled=true"),
				arguments("a token source over plaintext to a remote host",
						new String[] { REMOTE, CHANNEL + "auth.token-source=greeterTokens" },
						CHANNEL + "auth.token-source", "greeterTokens", plaintext),
				arguments("a token from defaults over plaintext to a remote host",
						new String[] { REMOTE, "grpc.client.defaults.auth.bearer-token=" + SECRET },
						"grpc.client.defaults.auth.bearer-token", masked, CHANNEL + "auth.allow-plaintext=true"),
				arguments("a static list with one remote host",
						new String[] { CHANNEL + "target=static://127.0.0.1:6565,10.0.0.7:6565",
								CHANNEL + "auth.bearer-token=" + SECRET },
						CHANNEL + "auth.bearer-token", masked, plaintext),
				arguments("a dns name that is not localhost",
						new String[] { CHANNEL + "target=dns:///greeter.internal:6565",
								CHANNEL + "auth.bearer-token=" + SECRET },
						CHANNEL + "auth.bearer-token", masked, plaintext),
				arguments("ssl disabled on purpose",
						new String[] { REMOTE, CHANNEL + "ssl.enabled=false", CHANNEL + "auth.bearer-token=" + SECRET,
								CHANNEL + "auth.allow-plaintext=false" },
						CHANNEL + "auth.bearer-token", masked, plaintext),
				arguments("a blank token (an unset environment variable)",
						new String[] { LOOPBACK, CHANNEL + "auth.bearer-token=" }, CHANNEL + "auth.bearer-token", "",
						"not blank"),
				arguments("a token with a space", new String[] { LOOPBACK, CHANNEL + "auth.bearer-token=ab " + SECRET },
						CHANNEL + "auth.bearer-token", masked, "visible ASCII"),
				arguments("a bearer token and basic",
						new String[] { LOOPBACK, CHANNEL + "auth.bearer-token=" + SECRET,
								CHANNEL + "auth.basic.username=ada", CHANNEL + "auth.basic.password=" + SECRET },
						CHANNEL + "auth.basic.username", "ada", CHANNEL + "auth.bearer-token"),
				arguments("a bearer token and oauth2",
						new String[] { LOOPBACK, CHANNEL + "auth.oauth2.registration-id=greeter",
								CHANNEL + "auth.bearer-token=" + SECRET },
						CHANNEL + "auth.oauth2.registration-id", "greeter", CHANNEL + "auth.bearer-token"),
				arguments("basic and a token source, the password first",
						new String[] { LOOPBACK, CHANNEL + "auth.token-source=greeterTokens",
								CHANNEL + "auth.basic.password=" + SECRET },
						CHANNEL + "auth.basic.password", masked, CHANNEL + "auth.token-source"),
				arguments("two kinds in defaults",
						new String[] { LOOPBACK, "grpc.client.defaults.auth.bearer-token=" + SECRET,
								"grpc.client.defaults.auth.oauth2.registration-id=greeter" },
						"grpc.client.defaults.auth.oauth2.registration-id", "greeter",
						"grpc.client.defaults.auth.bearer-token"),
				arguments("a blank user name",
						new String[] { LOOPBACK, CHANNEL + "auth.basic.username=", CHANNEL + "auth.basic.password=" + SECRET },
						CHANNEL + "auth.basic.username", "", "not blank"),
				arguments("a password without a user name",
						new String[] { LOOPBACK, CHANNEL + "auth.basic.password=" + SECRET },
						CHANNEL + "auth.basic.username", null, "a user name"),
				arguments("a user name without a password",
						new String[] { LOOPBACK, CHANNEL + "auth.basic.username=ada" }, CHANNEL + "auth.basic.password",
						null, "the password of " + CHANNEL + "auth.basic.username"),
				arguments("a user name with a colon",
						new String[] { LOOPBACK, CHANNEL + "auth.basic.username=ada:x", CHANNEL + "auth.basic.password=p" },
						CHANNEL + "auth.basic.username", "ada:x", "without ':'"),
				arguments("an unknown token source",
						new String[] { LOOPBACK, CHANNEL + "auth.token-source=vaultTokens" }, CHANNEL + "auth.token-source",
						"vaultTokens", "[greeterTokens]"),
				arguments("an unknown registration",
						new String[] { LOOPBACK, CHANNEL + "auth.oauth2.registration-id=greter" },
						CHANNEL + "auth.oauth2.registration-id", "greter", "[greeter, web]"),
				arguments("a registration that is not for client credentials",
						new String[] { LOOPBACK, CHANNEL + "auth.oauth2.registration-id=web" },
						CHANNEL + "auth.oauth2.registration-id", "web", "client_credentials ('web' has authorization_code)"));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("invalidConfigurations")
	void stopsTheStartNamingThePropertyButNoSecret(String description, String[] properties, String property,
			String value, String allowed) {
		this.runner.withPropertyValues(properties).run((context) -> {
			assertThat(context).hasFailed();
			InvalidGrpcClientPropertyException failure = rootCause(context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo(property);
			assertThat((failure.getValue() != null) ? failure.getValue().toString() : null).isEqualTo(value);
			assertThat(failure.getAllowed()).contains(allowed);
			FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).contains(property).contains(allowed);
			for (Throwable cause = context.getStartupFailure(); cause != null; cause = cause.getCause()) {
				assertThat(String.valueOf(cause.getMessage())).doesNotContain(SECRET);
			}
			assertThat(analysis.getDescription() + analysis.getAction()).doesNotContain(SECRET);
		});
	}

	@ParameterizedTest(name = "{0}")
	@ValueSource(strings = { "static://127.0.0.1:6565,127.0.0.2:6566", "static://[::1]:6565", "static://localhost:6565",
			"dns:///localhost:6565", "dns:///127.0.0.1:6565", "127.0.0.1:6565", "in-process:greeter" })
	void credentialsMayGoInTheClearToLoopbackAndInProcessTargets(String target) {
		this.runner.withPropertyValues(CHANNEL + "target=" + target, CHANNEL + "auth.bearer-token=" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void credentialsMayGoToARemoteHostOverTlsOrWhenPlaintextIsAllowed() {
		this.runner.withPropertyValues(REMOTE, CHANNEL + "ssl.enabled=true", CHANNEL + "auth.bearer-token=" + SECRET)
			.run((context) -> assertThat(context).hasNotFailed());
		this.runner
			.withPropertyValues(REMOTE, CHANNEL + "auth.bearer-token=" + SECRET,
					"grpc.client.defaults.auth.allow-plaintext=true")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void aChannelsOwnKindOfCredentialsWinsOverTheDefaults() {
		this.runner
			.withPropertyValues(LOOPBACK, "grpc.client.defaults.auth.bearer-token=" + SECRET,
					CHANNEL + "auth.oauth2.registration-id=greeter",
					"grpc.client.channels.other.target=static://127.0.0.1:6566")
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.settings("greeter").auth()).isEqualTo("oauth2 (registration greeter)");
				assertThat(channels.settings("other").auth()).isEqualTo("bearer-token");
			});
	}

	@Test
	void oauth2WithoutSpringSecuritySaysWhatToAdd() {
		this.runner.withClassLoader(new FilteredClassLoader(OAuth2AuthorizedClientManager.class))
			.withPropertyValues(LOOPBACK, CHANNEL + "auth.oauth2.registration-id=greeter")
			.run((context) -> {
				assertThat(context).hasFailed();
				InvalidGrpcClientPropertyException failure = rootCause(context.getStartupFailure());
				assertThat(failure.getProperty()).isEqualTo(CHANNEL + "auth.oauth2.registration-id");
				assertThat(failure.getAllowed())
					.contains("org.springframework.boot:spring-boot-starter-security-oauth2-client");
			});
	}

	private static InvalidGrpcClientPropertyException rootCause(Throwable failure) {
		Throwable cause = failure;
		while (cause.getCause() != null) {
			cause = cause.getCause();
		}
		assertThat(cause).isInstanceOf(InvalidGrpcClientPropertyException.class);
		return (InvalidGrpcClientPropertyException) cause;
	}

}
