package dev.dialtone.internal.auth;

import dev.dialtone.GrpcTokenSource;

/**
 * Bearer tokens from an application's {@link GrpcTokenSource} bean.
 */
public final class TokenSourceAuthorization implements CallAuthorization {

	private static final String BEARER = "Bearer ";

	private final GrpcTokenSource source;

	private final String description;

	/**
	 * @param source the bean
	 * @param beanName its name, for operators
	 */
	public TokenSourceAuthorization(GrpcTokenSource source, String beanName) {
		this.source = source;
		this.description = "token-source (bean " + beanName + ")";
	}

	@Override
	public String header() throws Exception {
		String token = this.source.token();
		if (!BearerTokens.isValid(token)) {
			throw new CredentialsUnavailableException(
					this.description + " returned " + ((token == null) ? "null" : "a token that is blank or has characters other than visible ASCII"));
		}
		return BEARER + token.trim();
	}

	@Override
	public boolean mayBlock() {
		return true;
	}

	@Override
	public void rejected(String header) {
		if (header.startsWith(BEARER)) {
			this.source.rejected(header.substring(BEARER.length()));
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
