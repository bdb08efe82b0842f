package dev.dialtone.autoconfigure;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.context.properties.source.ConfigurationPropertyState;
import org.springframework.boot.context.properties.source.IterableConfigurationPropertySource;

/**
 * The keys one property source has under {@code grpc.client.channels}, read once. Spring Boot's
 * binder asks a source for every key a channel could have, and for every nested group whether
 * anything is written under it; here each answer is one hash lookup. Names compare as Spring Boot's
 * {@link ConfigurationPropertyName}s do, so {@code lbPolicy} and {@code lb-policy} are one key.
 */
final class WrittenChannelKeys implements IterableConfigurationPropertySource {

	private final Map<ConfigurationPropertyName, ConfigurationProperty> properties;

	private final Set<ConfigurationPropertyName> ancestors;

	private final @Nullable Object underlyingSource;

	private WrittenChannelKeys(Map<ConfigurationPropertyName, ConfigurationProperty> properties,
			@Nullable Object underlyingSource) {
		this.properties = properties;
		this.ancestors = new HashSet<>();
		for (ConfigurationPropertyName name : properties.keySet()) {
			for (ConfigurationPropertyName parent = name.getParent(); !parent.isEmpty(); parent = parent.getParent()) {
				if (!this.ancestors.add(parent)) {
					break;
				}
			}
		}
		this.underlyingSource = underlyingSource;
	}

	/**
	 * Copies what {@code source} has under {@code root}; null when it has nothing there.
	 */
	static @Nullable WrittenChannelKeys read(IterableConfigurationPropertySource source,
			ConfigurationPropertyName root) {
		Map<ConfigurationPropertyName, ConfigurationProperty> properties = new LinkedHashMap<>();
		source.stream().filter(root::isAncestorOf).forEach((name) -> {
			ConfigurationProperty property = source.getConfigurationProperty(name);
			if (property != null) {
				properties.putIfAbsent(name, property);
			}
		});
		return properties.isEmpty() ? null : new WrittenChannelKeys(properties, source.getUnderlyingSource());
	}

	@Override
	public @Nullable ConfigurationProperty getConfigurationProperty(ConfigurationPropertyName name) {
		return this.properties.get(name);
	}

	@Override
	public ConfigurationPropertyState containsDescendantOf(ConfigurationPropertyName name) {
		return this.ancestors.contains(name) ? ConfigurationPropertyState.PRESENT : ConfigurationPropertyState.ABSENT;
	}

	@Override
	public Stream<ConfigurationPropertyName> stream() {
		return this.properties.keySet().stream();
	}

	@Override
	public @Nullable Object getUnderlyingSource() {
		return this.underlyingSource;
	}

}
