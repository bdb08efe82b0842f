package dev.dialtone.autoconfigure;

/**
 * A {@code grpc.client.*} property whose value cannot work. Stops the application at startup;
 * {@link InvalidGrpcClientPropertyFailureAnalyzer} tells the user what to write instead.
 */
public class InvalidGrpcClientPropertyException extends RuntimeException {

	private final String property;

	private final Object value;

	private final String allowed;

	private final String origin;

	/**
	 * @param property the full property path, e.g. {@code grpc.client.channels.greeter.lb-policy}
	 * @param value the bad value, or null when the property is missing
	 * @param allowed what the property accepts
	 */
	public InvalidGrpcClientPropertyException(String property, Object value, String allowed) {
		this(property, value, allowed, null);
	}

	private InvalidGrpcClientPropertyException(String property, Object value, String allowed, String origin) {
		super(message(property, value, allowed, origin));
		this.property = property;
		this.value = value;
		this.allowed = allowed;
		this.origin = origin;
	}

	/**
	 * The same error, saying where the property was written.
	 * @param origin e.g. {@code class path resource [application.yml] - 12:17}
	 */
	InvalidGrpcClientPropertyException withOrigin(String origin) {
		InvalidGrpcClientPropertyException explained = new InvalidGrpcClientPropertyException(this.property,
				this.value, this.allowed, origin);
		explained.setStackTrace(getStackTrace());
		return explained;
	}

	private static String message(String property, Object value, String allowed, String origin) {
		String problem = (value != null) ? "Invalid value '" + value + "' for property '" + property + "'"
				: "Missing property '" + property + "'";
		return problem + ((origin != null) ? " (from " + origin + ")" : "") + ": " + allowed;
	}

	public String getProperty() {
		return this.property;
	}

	public Object getValue() {
		return this.value;
	}

	public String getAllowed() {
		return this.allowed;
	}

	/**
	 * Where the property was written, e.g. a file and line, or null when not known.
	 */
	public String getOrigin() {
		return this.origin;
	}

}
