package dev.dialtone.autoconfigure.oauth2;

import io.grpc.ManagedChannel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientService;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.internal.auth.OAuth2Registrations;
import dev.dialtone.internal.auth.SpringOAuth2Registrations;

/**
 * Lets channels carry OAuth2 access tokens ({@code auth.oauth2.registration-id}) when Spring
 * Security's OAuth2 client is on the classpath: the application's
 * {@link OAuth2AuthorizedClientManager} authorizes them, or one of Dialtone's for client
 * credentials, over the registrations Spring Boot reads from
 * {@code spring.security.oauth2.client.registration.*}.
 */
@AutoConfiguration(before = GrpcClientAutoConfiguration.class,
		afterName = "org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration")
@ConditionalOnClass({ ManagedChannel.class, OAuth2AuthorizedClientManager.class })
@ConditionalOnBooleanProperty(name = "grpc.client.enabled", matchIfMissing = true)
public final class GrpcClientOAuth2AutoConfiguration {

	@Bean
	OAuth2Registrations grpcOAuth2Registrations(ObjectProvider<OAuth2AuthorizedClientManager> manager,
			ObjectProvider<ClientRegistrationRepository> registrations,
			ObjectProvider<OAuth2AuthorizedClientService> authorizedClients) {
		return new SpringOAuth2Registrations(manager.getIfUnique(), registrations.getIfUnique(),
				authorizedClients.getIfUnique());
	}

}
