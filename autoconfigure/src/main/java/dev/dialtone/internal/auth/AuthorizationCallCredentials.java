package dev.dialtone.internal.auth;

import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicReference;

import io.grpc.CallCredentials;
import io.grpc.CallOptions;
import io.grpc.Metadata;
import io.grpc.Status;

/**
 * Puts a channel's {@code authorization} header on each call's stream. A header that may take a
 * fetch is made on the application executor grpc-java hands in, never on a transport thread. The
 * header sent is noted in the call's options, so that a rejection drops exactly that one.
 */
final class AuthorizationCallCredentials extends CallCredentials {

	static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	/**
	 * Where an attempt notes the header it sent.
	 */
	static final CallOptions.Key<AtomicReference<String>> SENT = CallOptions.Key.create("dialtone.sentAuthorization");

	private final String channel;

	private final CallAuthorization authorization;

	AuthorizationCallCredentials(String channel, CallAuthorization authorization) {
		this.channel = channel;
		this.authorization = authorization;
	}

	@Override
	public void applyRequestMetadata(RequestInfo requestInfo, Executor appExecutor, MetadataApplier applier) {
		AtomicReference<String> sent = requestInfo.getCallOptions().getOption(SENT);
		if (this.authorization.mayBlock()) {
			appExecutor.execute(() -> apply(sent, applier));
		}
		else {
			apply(sent, applier);
		}
	}

	private void apply(AtomicReference<String> sent, MetadataApplier applier) {
		String header;
		try {
			header = this.authorization.header();
		}
		catch (Exception | LinkageError ex) {
			applier.fail(Status.UNAUTHENTICATED.withDescription(failure(ex)).withCause(ex));
			return;
		}
		if (sent != null) {
			sent.set(header);
		}
		Metadata headers = new Metadata();
		headers.put(AUTHORIZATION, header);
		applier.apply(headers);
	}

	private String failure(Throwable ex) {
		// Only the class: a message may quote a secret (a URL with a password, a token endpoint's answer).
		String reason = (ex instanceof CredentialsUnavailableException) ? ex.getMessage() : ex.getClass().getName();
		return "No credentials for a call of channel '" + this.channel + "' from "
				+ this.authorization.description() + ": " + reason;
	}

	@Override
	public String toString() {
		return "AuthorizationCallCredentials[" + this.authorization.description() + "]";
	}

}
