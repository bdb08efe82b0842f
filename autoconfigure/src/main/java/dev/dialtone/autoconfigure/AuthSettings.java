package dev.dialtone.autoconfigure;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

import io.grpc.InsecureChannelCredentials;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.NoSuchBeanDefinitionException;
import org.springframework.beans.factory.annotation.BeanFactoryAnnotationUtils;

import dev.dialtone.GrpcTokenSource;
import dev.dialtone.internal.auth.BearerTokens;
import dev.dialtone.internal.auth.CallAuthorization;
import dev.dialtone.internal.auth.OAuth2Registrations;
import dev.dialtone.internal.auth.TokenSourceAuthorization;
import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.resolver.ChannelTarget;

/**
 * Reads the credentials a channel's calls carry ({@code auth.*}): a fixed bearer token, a
 * {@link GrpcTokenSource} bean, basic authentication or an OAuth2 client registration, one kind
 * per channel. A channel that names a kind of its own does not inherit another kind from
 * {@code grpc.client.defaults}; within the kind, keys are inherited one by one. Credentials go
 * only over TLS, to a loopback or in-process target, or where {@code auth.allow-plaintext} is
 * true. A secret's value is never put in an error: it is shown as {@value #MASKED}.
 */
final class AuthSettings {

	static final String MASKED = "******";

	private static final String STARTER = "org.springframework.boot:spring-boot-starter-security-oauth2-client";

	private final @Nullable ListableBeanFactory beanFactory;

	private final @Nullable OAuth2Registrations oauth2;

	/**
	 * @param beanFactory where {@link GrpcTokenSource} beans are found, or null when there are none
	 * @param oauth2 Spring Security's OAuth2 registrations, or null when its OAuth2 client is not on
	 * the classpath
	 */
	AuthSettings(@Nullable ListableBeanFactory beanFactory, @Nullable OAuth2Registrations oauth2) {
		this.beanFactory = beanFactory;
		this.oauth2 = oauth2;
	}

	/**
	 * The channel's credentials, or null when its calls carry none.
	 * @param security how the channel is secured, read before
	 */
	ChannelSpec.@Nullable Auth read(MergedChannel merged, ChannelTarget target, ChannelSpec.Security security) {
		Kind kind = kind(merged);
		if (kind == null) {
			return null;
		}
		CallAuthorization authorization = switch (kind.name) {
			case "bearer-token" -> bearer(kind.first());
			case "token-source" -> tokenSource(kind.first());
			case "basic" -> basic(kind.settings.get(0), kind.settings.get(1));
			default -> oauth2(kind.first());
		};
		Setting<Boolean> allowPlaintext = merged.get((c) -> c.getAuth().getAllowPlaintext(), "auth.allow-plaintext");
		boolean plaintext = security.credentials() instanceof InsecureChannelCredentials;
		if (plaintext && !target.isInProcess() && !target.loopback() && !Boolean.TRUE.equals(allowPlaintext.value())) {
			String channel = "grpc.client.channels." + merged.name() + ".";
			throw shown(kind.first()).invalid("credentials sent only over TLS, but the target '" + target.configured()
					+ "' is plaintext and not on loopback: set " + channel + "ssl.enabled=true or " + channel
					+ "ssl.bundle, call a loopback (127.0.0.1, ::1, localhost) or in-process target, or set "
					+ allowPlaintext.property() + "=true to send them in the clear");
		}
		return new ChannelSpec.Auth(authorization);
	}

	private @Nullable Kind kind(MergedChannel merged) {
		List<Kind> kinds = List.of(
				new Kind("bearer-token", merged.get((c) -> c.getAuth().getBearerToken(), "auth.bearer-token")),
				new Kind("token-source", merged.get((c) -> c.getAuth().getTokenSource(), "auth.token-source")),
				new Kind("basic", merged.get((c) -> c.getAuth().getBasic().getUsername(), "auth.basic.username"),
						merged.get((c) -> c.getAuth().getBasic().getPassword(), "auth.basic.password")),
				new Kind("oauth2",
						merged.get((c) -> c.getAuth().getOauth2().getRegistrationId(), "auth.oauth2.registration-id")));
		if (kinds.stream().noneMatch(Kind::isSet)) {
			return null;
		}
		for (boolean inherited : new boolean[] { false, true }) {
			List<Kind> set = kinds.stream().filter((kind) -> kind.firstAt(merged, inherited) != null).toList();
			if (set.size() > 1) {
				Setting<String> first = set.get(0).firstAt(merged, inherited);
				Setting<String> second = set.get(1).firstAt(merged, inherited);
				throw shown(second).invalid("one kind of credentials per channel; remove this or " + first.property()
						+ ": bearer-token, token-source, basic and oauth2 exclude each other");
			}
			if (set.size() == 1) {
				return set.get(0);
			}
		}
		return null;
	}

	private static CallAuthorization bearer(Setting<String> token) {
		if (token.value().isBlank()) {
			throw token.invalid("a token, not blank (an unset environment variable?)");
		}
		if (!BearerTokens.isValid(token.value())) {
			throw shown(token).invalid("a token of visible ASCII characters without spaces");
		}
		return CallAuthorization.fixed("Bearer " + token.value().trim(), "bearer-token");
	}

	private CallAuthorization tokenSource(Setting<String> name) {
		List<String> names = (this.beanFactory != null) ? Arrays
			.asList(BeanFactoryUtils.beanNamesForTypeIncludingAncestors(this.beanFactory, GrpcTokenSource.class)) : List.of();
		String allowed = "the name or qualifier of a GrpcTokenSource bean (beans: " + names + ")";
		if (name.value().isBlank() || this.beanFactory == null) {
			throw name.invalid(allowed);
		}
		try {
			GrpcTokenSource source = BeanFactoryAnnotationUtils.qualifiedBeanOfType(this.beanFactory,
					GrpcTokenSource.class, name.value().trim());
			return new TokenSourceAuthorization(source, name.value().trim());
		}
		catch (NoSuchBeanDefinitionException ex) {
			throw name.invalid(allowed);
		}
	}

	private static CallAuthorization basic(Setting<String> username, Setting<String> password) {
		if (username.value() == null || username.value().isBlank()) {
			throw username.invalid("a user name, not blank, beside " + password.property());
		}
		if (username.value().contains(":") || username.value().chars().anyMatch(Character::isISOControl)) {
			throw username.invalid("a user name without ':' or control characters (RFC 7617)");
		}
		if (password.value() == null) {
			throw password.invalid("the password of " + username.property());
		}
		if (password.value().chars().anyMatch(Character::isISOControl)) {
			throw shown(password).invalid("a password without control characters (RFC 7617)");
		}
		String credentials = Base64.getEncoder()
			.encodeToString((username.value() + ":" + password.value()).getBytes(StandardCharsets.UTF_8));
		return CallAuthorization.fixed("Basic " + credentials, "basic");
	}

	private CallAuthorization oauth2(Setting<String> registrationId) {
		if (this.oauth2 == null) {
			throw registrationId.invalid("a registration of Spring Security's OAuth2 client, which is not on the classpath: add "
					+ STARTER + " (or org.springframework.security:spring-security-oauth2-client with your own "
					+ "ClientRegistrationRepository)");
		}
		String id = registrationId.value().trim();
		String unusable = id.isEmpty() ? "the id of a registration under spring.security.oauth2.client.registration.*"
				: this.oauth2.unusable(id);
		if (unusable != null) {
			throw registrationId.invalid(unusable);
		}
		return this.oauth2.authorization(id);
	}

	/**
	 * The setting as an error may show it: a token or password masked.
	 */
	private static Setting<?> shown(Setting<?> setting) {
		boolean secret = setting.property().endsWith(".bearer-token") || setting.property().endsWith(".password");
		return secret ? new Setting<>(MASKED, setting.property()) : setting;
	}

	/**
	 * One kind of credentials and its keys, merged.
	 */
	private static final class Kind {

		private final String name;

		private final List<Setting<String>> settings;

		@SafeVarargs
		Kind(String name, Setting<String>... settings) {
			this.name = name;
			this.settings = List.of(settings);
		}

		boolean isSet() {
			for (Setting<String> setting : this.settings) {
				if (setting.value() != null) {
					return true;
				}
			}
			return false;
		}

		Setting<String> first() {
			return this.settings.stream().filter((setting) -> setting.value() != null).findFirst().orElseThrow();
		}

		/**
		 * The kind's first key set at the channel's level or, when inherited, at the defaults',
		 * or null when none is.
		 */
		@Nullable Setting<String> firstAt(MergedChannel merged, boolean inherited) {
			return this.settings.stream()
				.filter((setting) -> setting.value() != null && merged.inherited(setting) == inherited)
				.findFirst()
				.orElse(null);
		}

	}

}
