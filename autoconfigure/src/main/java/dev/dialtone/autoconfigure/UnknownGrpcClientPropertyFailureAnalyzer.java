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
 * does know, before Spring Boot's general message about unbound properties; and a key it does know
 * whose empty value left it unbound.
 */
@Order(Ordered.HIGHEST_PRECEDENCE)
class UnknownGrpcClientPropertyFailureAnalyzer extends AbstractFailureAnalyzer<UnboundConfigurationPropertiesException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnboundConfigurationPropertiesException cause) {
		List<ConfigurationProperty> unbound = cause.getUnboundProperties()
			.stream()
			.filter((property) -> property.getName().toString().startsWith("grpc.client."))
			.sorted()
			.toList();
		if (unbound.isEmpty()) {
			return null;
		}
		// A known key is left unbound when its value is empty: Spring Boot converts it to nothing.
		List<ConfigurationProperty> empty = unbound.stream().filter(UnknownGrpcClientPropertyFailureAnalyzer::isKnown).toList();
		List<ConfigurationProperty> unknown = unbound.stream().filter((property) -> !isKnown(property)).toList();
		StringBuilder description = new StringBuilder();
		StringBuilder action = new StringBuilder();
		if (!unknown.isEmpty()) {
			description.append("Dialtone does not know these gRPC client properties, which would be ignored:");
			action.append("Correct or remove them:");
			for (ConfigurationProperty property : unknown) {
				String name = property.getName().toString();
				description.append(describe(property));
				action.append("\n\t").append(name).append(": did you mean ").append(KnownProperties.nearest(name))
					.append("?");
			}
			action.append("\nEvery property is listed in Dialtone's docs/configuration.md and in your IDE's completion.");
		}
		if (!empty.isEmpty()) {
			description.append(description.isEmpty() ? "" : "\n")
				.append("These gRPC client properties have an empty value, which sets nothing, so they would be ignored:");
			action.append(action.isEmpty() ? "" : "\n")
				.append("Give them a value, or remove them to get their default:");
			for (ConfigurationProperty property : empty) {
				description.append(describe(property));
				action.append("\n\t").append(property.getName());
			}
		}
		return new FailureAnalysis(description.toString(), action.toString(), cause);
	}

	private static boolean isKnown(ConfigurationProperty property) {
		String name = property.getName().toString();
		return KnownProperties.nearest(name).equals(name);
	}

	private static String describe(ConfigurationProperty property) {
		return "\n\t" + property.getName()
				+ ((property.getOrigin() != null) ? " (from " + property.getOrigin() + ")" : "");
	}

}
