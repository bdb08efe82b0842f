package dev.dialtone.internal.auth;

import org.jspecify.annotations.Nullable;

/**
 * The OAuth2 client registrations a channel may name in {@code auth.oauth2.registration-id},
 * without Spring Security's types, so that Dialtone's settings load without its OAuth2 client.
 */
public interface OAuth2Registrations {

	/**
	 * Why the registration cannot give calls tokens, as what the property accepts, or null when it
	 * can.
	 */
	@Nullable String unusable(String registrationId);

	/**
	 * The access tokens of a usable registration.
	 */
	CallAuthorization authorization(String registrationId);

}
