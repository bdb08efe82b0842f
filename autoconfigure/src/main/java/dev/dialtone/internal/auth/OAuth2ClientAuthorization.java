package dev.dialtone.internal.auth;

import java.time.Instant;

import org.springframework.security.oauth2.client.OAuth2AuthorizeRequest;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClient;
import org.springframework.security.oauth2.client.OAuth2AuthorizedClientManager;
import org.springframework.security.oauth2.core.OAuth2AccessToken;
import org.springframework.security.oauth2.core.OAuth2AuthorizationException;

/**
 * Access tokens of one OAuth2 client registration from Spring Security's
 * {@link OAuth2AuthorizedClientManager}, which keeps the authorized client (in its
 * {@code OAuth2AuthorizedClientService}) and asks the token endpoint again only once the token is
 * within its clock skew (60 s) of expiring. A token a backend rejected is asked again at once: the
 * manager is handed that client with its token marked expired, and stores the fresh one in its
 * place, whatever store it uses.
 */
final class OAuth2ClientAuthorization implements CallAuthorization {

	/**
	 * The principal the tokens are stored for: client credentials belong to the application, not
	 * to a user, so every channel of one registration shares one token.
	 */
	static final String PRINCIPAL = "dialtone-grpc-client";

	private static final String BEARER = "Bearer ";

	private final OAuth2AuthorizedClientManager manager;

	private final String registrationId;

	private final String description;

	private final Object refreshing = new Object();

	private volatile String rejected;

	OAuth2ClientAuthorization(OAuth2AuthorizedClientManager manager, String registrationId) {
		this.manager = manager;
		this.registrationId = registrationId;
		this.description = "oauth2 (registration " + registrationId + ")";
	}

	@Override
	public String header() throws CredentialsUnavailableException {
		OAuth2AuthorizedClient client = authorize(
				OAuth2AuthorizeRequest.withClientRegistrationId(this.registrationId).principal(PRINCIPAL).build());
		if (client.getAccessToken().getTokenValue().equals(this.rejected)) {
			// One caller asks for a fresh token; those waiting here find it stored.
			synchronized (this.refreshing) {
				client = authorize(OAuth2AuthorizeRequest.withClientRegistrationId(this.registrationId)
					.principal(PRINCIPAL)
					.build());
				if (client.getAccessToken().getTokenValue().equals(this.rejected)) {
					client = authorize(OAuth2AuthorizeRequest.withAuthorizedClient(expired(client)).principal(PRINCIPAL).build());
				}
			}
		}
		return BEARER + client.getAccessToken().getTokenValue();
	}

	private OAuth2AuthorizedClient authorize(OAuth2AuthorizeRequest request) throws CredentialsUnavailableException {
		OAuth2AuthorizedClient client;
		try {
			client = this.manager.authorize(request);
		}
		catch (OAuth2AuthorizationException ex) {
			// The OAuth2 error code says what went wrong; its description may quote the request.
			throw new CredentialsUnavailableException("the token endpoint's answer was "
					+ ex.getError().getErrorCode() + " (" + ex.getClass().getName() + ")", ex);
		}
		if (client == null) {
			throw new CredentialsUnavailableException("the OAuth2AuthorizedClientManager authorized no client for "
					+ this.registrationId + " (does it support the registration's grant type?)");
		}
		return client;
	}

	private static OAuth2AuthorizedClient expired(OAuth2AuthorizedClient client) {
		OAuth2AccessToken token = client.getAccessToken();
		OAuth2AccessToken expired = new OAuth2AccessToken(token.getTokenType(), token.getTokenValue(), Instant.EPOCH,
				Instant.EPOCH.plusSeconds(1), token.getScopes());
		return new OAuth2AuthorizedClient(client.getClientRegistration(), client.getPrincipalName(), expired,
				client.getRefreshToken());
	}

	@Override
	public boolean mayBlock() {
		return true;
	}

	@Override
	public void rejected(String header) {
		if (header.startsWith(BEARER)) {
			this.rejected = header.substring(BEARER.length());
		}
	}

	@Override
	public String description() {
		return this.description;
	}

	@Override
	public String toString() {
		return this.description;
	}

}
