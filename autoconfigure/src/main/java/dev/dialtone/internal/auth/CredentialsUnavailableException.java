package dev.dialtone.internal.auth;

/**
 * No credentials could be had for a call, for a reason whose message holds no secret, so that it
 * may stand in the call's status.
 */
public class CredentialsUnavailableException extends Exception {

	public CredentialsUnavailableException(String message) {
		super(message);
	}

	public CredentialsUnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

}
