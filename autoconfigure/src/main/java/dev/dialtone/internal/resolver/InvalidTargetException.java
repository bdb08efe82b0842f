package dev.dialtone.internal.resolver;

/**
 * A target its scheme cannot work with. The message says what the scheme accepts; whoever read
 * the target from a property turns it into an error that names the property.
 */
public class InvalidTargetException extends RuntimeException {

	/**
	 * @param allowed what the scheme accepts, e.g. {@code dns:///host:port with a port from 1 to 65535}
	 */
	public InvalidTargetException(String allowed) {
		super(allowed);
	}

}
