package dev.dialtone.internal.auth;

/**
 * Where the {@code authorization} header of a channel's calls comes from: a fixed value, a
 * {@code GrpcTokenSource} bean, or Spring Security's OAuth2 client.
 */
public interface CallAuthorization {

	/**
	 * The header's value for the next call, e.g. {@code Bearer abc}.
	 * @throws Exception when none can be had; the call fails
	 */
	String header() throws Exception;

	/**
	 * Whether {@link #header()} may block (fetch a token); it is then called on the channel's
	 * application executor instead of the thread that starts the call's stream.
	 */
	boolean mayBlock();

	/**
	 * A backend rejected a call that carried this header with {@code UNAUTHENTICATED}: the next
	 * {@link #header()} should be a fresh one.
	 */
	void rejected(String header);

	/**
	 * What kind of credentials these are, for operators and for errors, never the secret itself,
	 * e.g. {@code bearer-token} or {@code oauth2 (registration greeter)}.
	 */
	String description();

	/**
	 * A header that never changes: a fixed bearer token or basic credentials.
	 * @param header the header's value
	 * @param description what it is, without the value
	 */
	static CallAuthorization fixed(String header, String description) {
		return new CallAuthorization() {

			@Override
			public String header() {
				return header;
			}

			@Override
			public boolean mayBlock() {
				return false;
			}

			@Override
			public void rejected(String rejected) {
				// Nothing else to send: the retry carries the same header.
			}

			@Override
			public String description() {
				return description;
			}

			@Override
			public String toString() {
				return description;
			}

		};
	}

}
