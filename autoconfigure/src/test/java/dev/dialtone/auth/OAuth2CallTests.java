package dev.dialtone.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.ClientCredentialsOAuth2AuthorizedClientProvider;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.oauth2.GrpcClientOAuth2AutoConfiguration;
import dev.dialtone.test.AuthCheckingBackend;
import dev.dialtone.test.TokenEndpoint;

import static dev.dialtone.test.GreeterCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * OAuth2 client credentials from a real token endpoint on loopback, through Spring Security's
 * OAuth2 client and the registrations Spring Boot reads, to a backend that accepts only the
 * tokens the endpoint granted and did not revoke.
 */
class OAuth2CallTests {

	private static final String CHANNEL = "grpc.client.channels.greeter.";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class,
				GrpcClientOAuth2AutoConfiguration.class, GrpcClientAutoConfiguration.class));

	private TokenEndpoint tokens;

	private AuthCheckingBackend backend;

	@AfterEach
	void stop() {
		if (this.backend != null) {
			this.backend.close();
		}
		if (this.tokens != null) {
			this.tokens.close();
		}
	}

	private ApplicationContextRunner greeter(long expiresIn) {
		this.tokens = TokenEndpoint.start(expiresIn);
		this.backend = AuthCheckingBackend.start(this.tokens::accepts);
		return this.runner.withPropertyValues(this.tokens.registration("greeter"))
			.withPropertyValues(CHANNEL + "target=static://" + this.backend.address(),
					CHANNEL + "auth.oauth2.registration-id=greeter");
	}

	@Test
	void oneTokenServesManyCallsWhileItIsValid() {
		greeter(3600).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			for (int i = 0; i < 20; i++) {
				call(channels.channel("greeter"));
			}
			assertThat(this.tokens.requests()).isEqualTo(1);
			assertThat(this.backend.headers()).hasSize(20).containsOnly("Bearer token-1");
		});
	}

	@Test
	void aTokenNearItsExpiryIsReplaced() {
		// Spring Security replaces a token within 60 s (its clock skew) of expiring: this one
		// lives 1 s beyond that.
		greeter(61).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			call(channels.channel("greeter"));
			await().atMost(Duration.ofSeconds(30))
				.pollInterval(Duration.ofMillis(200))
				.until(() -> call(channels.channel("greeter")) != null && this.tokens.requests() >= 2);
			assertThat(this.backend.headers()).startsWith("Bearer token-1").contains("Bearer token-2");
		});
	}

	@Test
	void aRevokedTokenIsReplacedAndTheCallTriedOnceMore() {
		greeter(3600).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			call(channels.channel("greeter"));
			this.tokens.revoke("token-1");
			assertThat(call(channels.channel("greeter")).getMessage()).isEqualTo("Hello test");
			call(channels.channel("greeter"));
			assertThat(this.tokens.requests()).isEqualTo(2);
			assertThat(this.backend.headers()).containsExactly("Bearer token-1", "Bearer token-1", "Bearer token-2",
					"Bearer token-2");
		});
	}

	@Test
	void aCallRejectedWithAFreshTokenTooFailsAfterTwoAttempts() {
		greeter(3600).run((context) -> {
			this.backend.accept((header) -> false);
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			assertThatExceptionOfType(StatusRuntimeException.class).isThrownBy(() -> call(channels.channel("greeter")))
				.satisfies((ex) -> assertThat(ex.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED));
			assertThat(this.backend.attempts()).isEqualTo(2);
			assertThat(this.tokens.requests()).isEqualTo(2);
		});
	}

	@Test
	void theApplicationsManagerIsUsedAndReplacesAnExpiredToken() {
		greeter(3600).withUserConfiguration(ManagerWithClock.class).run((context) -> {
			GrpcChannels channels = context.getBean(GrpcChannels.class);
			for (int i = 0; i < 5; i++) {
				call(channels.channel("greeter"));
			}
			assertThat(this.tokens.requests()).isEqualTo(1);
			// Within Spring Security's clock skew (60 s) of expiring. (The token endpoint's answer is
			// dated by the real clock, so only the next call is looked at.)
			context.getBean(MutableClock.class).advance(Duration.ofSeconds(3600 - 60 + 1));
			call(channels.channel("greeter"));
			assertThat(this.tokens.requests()).isEqualTo(2);
			assertThat(this.backend.headers()).endsWith("Bearer token-1", "Bearer token-2");
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ManagerWithClock {

		@Bean
		MutableClock testClock() {
			return new MutableClock();
		}

		@Bean
		OAuth2AuthorizedClientManager authorizedClientManager(ClientRegistrationRepository registrations,
				OAuth2AuthorizedClientService authorizedClients, MutableClock clock) {
			ClientCredentialsOAuth2AuthorizedClientProvider provider = new ClientCredentialsOAuth2AuthorizedClientProvider();
			provider.setClock(clock);
			AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
					registrations, authorizedClients);
			manager.setAuthorizedClientProvider(provider);
			return manager;
		}

	}

	/**
	 * A clock a test moves forward.
	 */
	static final class MutableClock extends Clock {

		private volatile Instant now = Instant.now();

		void advance(Duration duration) {
			this.now = this.now.plus(duration);
		}

		@Override
		public Instant instant() {
			return this.now;
		}

		@Override
		public ZoneOffset getZone() {
			return ZoneOffset.UTC;
		}

		@Override
		public Clock withZone(ZoneId zone) {
			return this;
		}

	}

}
