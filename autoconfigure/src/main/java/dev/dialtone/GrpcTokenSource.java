package dev.dialtone;

/**
 * Supplies the bearer token that calls of a channel carry as {@code authorization: Bearer <token>}.
 * A channel uses it when its {@code auth.token-source} names the bean, by bean name or qualifier:
 * <pre>
 * grpc.client.channels.greeter.auth.token-source: greeterTokens
 * </pre>
 * <p>
 * Dialtone asks for a token on every call, on the channel's application executor, never on a
 * transport thread: {@link #token()} may block while it fetches a token, but it should return a
 * cached token while that one is valid, since every call waits for it. When a backend rejects a
 * call with {@code UNAUTHENTICATED}, Dialtone tells the source which token was rejected, asks for a
 * token again and tries a unary or server-streaming call once more.
 * <p>
 * The token never appears in Dialtone's logs, health details, {@code grpcchannels} endpoint or
 * exception messages; a failing {@link #token()} fails the call with {@code UNAUTHENTICATED}, whose
 * description names the exception's class but not its message. Credentials are sent only over TLS,
 * to a loopback or in-process target, or with {@code auth.allow-plaintext: true}.
 */
@FunctionalInterface
public interface GrpcTokenSource {

	/**
	 * The token of the next call, without the {@code Bearer} prefix. Called from several threads at
	 * once.
	 * @return the token: visible ASCII characters without spaces
	 * @throws Exception when no token can be had; the call fails with {@code UNAUTHENTICATED}
	 */
	String token() throws Exception;

	/**
	 * A backend rejected a call that carried this token with {@code UNAUTHENTICATED}: the next
	 * {@link #token()} should not return it again (a source that caches drops it here). Several
	 * calls may report the same token at once. The default does nothing.
	 * @param token the token the rejected call carried
	 */
	default void rejected(String token) {
	}

}
