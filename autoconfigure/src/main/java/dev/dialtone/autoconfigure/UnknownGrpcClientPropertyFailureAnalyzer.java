package dev.dialtone.autoconfigure;

import java.util.List;

import org.springframework.boot.context.properties.bind.UnboundConfigurationPropertiesException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;

/**
 * Explains a key under {@code grpc.client} that Dialtone does not know, with the nearest key it
 * does know, before Spring Boot's general message about unbound properties.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownGrpcClientPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unknown = cause.getUnboundProperties()
			.stream()
			.filter((property) -> property.getName().toString().startsWith("grpc.client."))
			.sorted()
			.toList();
		if (unknown.isEmpty()) {
			return null;
		}
		StringBuilder description = new StringBuilder("Dialtone does not know these gRPC client properties, which would be ignored:");
		StringBuilder action = new StringBuilder("Correct or remove them:");
		for (ConfigurationProperty property : unknown) {
			String name = property.getName().toString();
			description.append("\n\t").append(name);
			if (property.getOrigin() != null) {
				description.append(" (from ").append(property.getOrigin()).append(")");
			}
			action.append("\n\t").append(name).append(": did you mean ").append(KnownProperties.nearest(name))
				.append("?");
		}
		action.append("\nEvery property is listed in Dialtone's docs/configuration.md and in your IDE's completion.");
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

}
