package dev.dialtone.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Explains an {@link InvalidGrpcClientPropertyException} at startup.
 */
class InvalidGrpcClientPropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidGrpcClientPropertyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, InvalidGrpcClientPropertyException cause) {
		String where = (cause.getOrigin() != null) ? " (from " + cause.getOrigin() + ")" : "";
		String description = (cause.getValue() != null)
				? "The gRPC client property '" + cause.getProperty() + "'" + where + " has the value '"
						+ cause.getValue() + "', which cannot work."
				: "The gRPC client property '" + cause.getProperty() + "' is missing.";
		String action = "Set '" + cause.getProperty() + "' to a valid value: " + cause.getAllowed();
		return new FailureAnalysis(description, action, cause);
	}

}
