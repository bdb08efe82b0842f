package dev.dialtone.internal.auth;

import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.security.oauth2.client.AuthorizedClientServiceOAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.InMemoryOAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientProviderBuilder;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.util.function.SingletonSupplier;

/**
 * The registrations of Spring Security's OAuth2 client, and the manager that authorizes them: the
 * application's {@link OAuth2AuthorizedClientManager} bean when it has one, otherwise one of
 * Dialtone's that asks for client_credentials tokens and keeps them in the application's
 * {@link OAuth2AuthorizedClientService} (or one in memory).
 */
public final class SpringOAuth2Registrations implements OAuth2Registrations {

	private static final String REGISTRATIONS = "spring.security.oauth2.client.registration.";

	private final @Nullable ClientRegistrationRepository repository;

	private final boolean ownManager;

	private final Supplier<OAuth2AuthorizedClientManager> manager;

	/**
	 * @param manager the application's manager, or null to build one
	 * @param repository the application's registrations, or null when it has none
	 * @param service where a built manager keeps authorized clients, or null for memory
	 */
	public SpringOAuth2Registrations(@Nullable OAuth2AuthorizedClientManager manager,
			@Nullable ClientRegistrationRepository repository, @Nullable OAuth2AuthorizedClientService service) {
		this.repository = repository;
		this.ownManager = manager == null;
		this.manager = (manager != null) ? () -> manager : SingletonSupplier.of(() -> clientCredentials(repository, service));
	}

	private static OAuth2AuthorizedClientManager clientCredentials(ClientRegistrationRepository repository,
			@Nullable OAuth2AuthorizedClientService service) {
		AuthorizedClientServiceOAuth2AuthorizedClientManager manager = new AuthorizedClientServiceOAuth2AuthorizedClientManager(
				repository, (service != null) ? service : new InMemoryOAuth2AuthorizedClientService(repository));
		manager.setAuthorizedClientProvider(OAuth2AuthorizedClientProviderBuilder.builder().clientCredentials().build());
		return manager;
	}

	@Override
	public @Nullable String unusable(String registrationId) {
		if (this.repository == null) {
			return this.ownManager ? "the id of a registration under " + REGISTRATIONS
					+ "* (none is configured; Spring Boot's spring-boot-security-oauth2-client reads them)" : null;
		}
		ClientRegistration registration = this.repository.findByRegistrationId(registrationId);
		if (registration == null) {
			return "the id of a registration under " + REGISTRATIONS + "* (configured: " + ids() + ")";
		}
		if (this.ownManager
				&& !AuthorizationGrantType.CLIENT_CREDENTIALS.equals(registration.getAuthorizationGrantType())) {
			return "a registration whose authorization-grant-type is client_credentials ('" + registrationId
					+ "' has " + registration.getAuthorizationGrantType().getValue()
					+ "), or an OAuth2AuthorizedClientManager bean that authorizes it";
		}
		return null;
	}

	private String ids() {
		if (!(this.repository instanceof Iterable<?> registrations)) {
			return "the ClientRegistrationRepository does not list them";
		}
		Set<String> ids = new TreeSet<>();
		registrations.forEach((registration) -> ids.add(((ClientRegistration) registration).getRegistrationId()));
		return ids.toString();
	}

	@Override
	public CallAuthorization authorization(String registrationId) {
		return new OAuth2ClientAuthorization(this.manager.get(), registrationId);
	}

}
