package dev.dialtone.autoconfigure;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertySource;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.origin.Origin;
import org.springframework.core.env.Environment;

/**
 * Where a property was written (a file and line, an environment variable), so that a startup
 * error points at the line to change. Public for the auto-configurations of optional schemes in
 * sub-packages; not part of Dialtone's API.
 */
public final class PropertyOrigins {

	private final Environment environment;

	public PropertyOrigins(Environment environment) {
		this.environment = environment;
	}

	/**
	 * Runs a step that reads properties; a property error it throws gains the property's origin.
	 */
	public <T> T explain(Supplier<T> step) {
		try {
			return step.get();
		}
		catch (InvalidGrpcClientPropertyException ex) {
			Origin origin = originOf(ex.getProperty());
			throw (origin != null) ? ex.withOrigin(origin.toString()) : ex;
		}
	}

	private @Nullable Origin originOf(String property) {
		ConfigurationPropertyName name = ConfigurationPropertyName.ofIfValid(property);
		if (name == null) {
			return null;
		}
		for (ConfigurationPropertySource source : ConfigurationPropertySources.get(this.environment)) {
			ConfigurationProperty found = source.getConfigurationProperty(name);
			if (found != null) {
				return found.getOrigin();
			}
		}
		return null;
	}

}
