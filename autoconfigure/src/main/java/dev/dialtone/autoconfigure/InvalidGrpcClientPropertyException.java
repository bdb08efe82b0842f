package dev.dialtone.autoconfigure;

/**
 * A {@code grpc.client.*} property whose value cannot work. Stops the application at startup;
 * {@link InvalidGrpcClientPropertyFailureAnalyzer} tells the user what to write instead.
 */
public class InvalidGrpcClientPropertyException extends RuntimeException {

	private final String property;

	private final Object value;

	private final String allowed;

	/**
	 * @param property the full property path, e.g. {@code grpc.client.channels.greeter.lb-policy}
	 * @param value the bad value, or null when the property is missing
	 * @param allowed what the property accepts
	 */
	public InvalidGrpcClientPropertyException(String property, Object value, String allowed) {
		super(message(property, value, allowed));
		this.property = property;
		this.value = value;
		this.allowed = allowed;
	}

	private static String message(String property, Object value, String allowed) {
		String problem = (value != null) ? "Invalid value '" + value + "' for property '" + property + "'"
				: "Missing property '" + property + "'";
		return problem + ": " + allowed;
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

}
