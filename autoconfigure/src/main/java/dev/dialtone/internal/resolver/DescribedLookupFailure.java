package dev.dialtone.internal.resolver;

/**
 * A failed lookup whose message Dialtone wrote for operators, with nothing secret in it (no
 * password, no URL with credentials): it is shown as it is in logs, health and the endpoint,
 * where any other exception is shown only by its class.
 */
public class DescribedLookupFailure extends RuntimeException {

	/**
	 * @param message what went wrong, written for operators
	 * @param cause the failure underneath, never shown
	 */
	public DescribedLookupFailure(String message, Throwable cause) {
		super(message, cause, false, false);
	}

}
