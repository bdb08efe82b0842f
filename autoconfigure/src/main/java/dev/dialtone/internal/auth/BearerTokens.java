package dev.dialtone.internal.auth;

/**
 * What a bearer token may hold: visible ASCII without spaces (RFC 6750's b64token and more), so
 * that it fits an HTTP/2 header; leading and trailing whitespace, as a token read from a file
 * often has, is dropped.
 */
public final class BearerTokens {

	private BearerTokens() {
	}

	public static boolean isValid(String token) {
		if (token == null || token.isBlank()) {
			return false;
		}
		return token.trim().chars().allMatch((c) -> c > 0x20 && c < 0x7f);
	}

}
