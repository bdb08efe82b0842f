package dev.dialtone.autoconfigure;

import java.util.function.Function;

/**
 * One channel's properties over {@code grpc.client.defaults}, key by key: the channel's own value
 * wins, then the default's; each value comes with the property it was read from.
 */
final class MergedChannel {

	private static final String DEFAULTS = "grpc.client.defaults.";

	private final String name;

	private final String prefix;

	private final ChannelProperties channel;

	private final ChannelProperties defaults;

	private final DeprecatedProperties deprecated;

	MergedChannel(String name, ChannelProperties channel, ChannelProperties defaults,
			DeprecatedProperties deprecated) {
		this.name = name;
		this.prefix = "grpc.client.channels." + name + ".";
		this.channel = channel;
		this.defaults = defaults;
		this.deprecated = deprecated;
	}

	String name() {
		return this.name;
	}

	/**
	 * Whether the setting was inherited from {@code grpc.client.defaults}.
	 */
	boolean inherited(Setting<?> setting) {
		return setting.prefix().startsWith(DEFAULTS);
	}

	/**
	 * The value of a key, e.g. {@code retry.max-attempts}.
	 */
	<T> Setting<T> get(Function<ChannelProperties, T> getter, String key) {
		T own = getter.apply(this.channel);
		if (own != null) {
			return new Setting<>(own, this.prefix, key);
		}
		T inherited = getter.apply(this.defaults);
		if (inherited != null) {
			return new Setting<>(inherited, DEFAULTS, key);
		}
		return new Setting<>(null, this.prefix, key);
	}

	/**
	 * The value of a key that replaced a deprecated one: at each level, the channel's then the
	 * defaults', the new key wins over the old, which is still read and reported as deprecated.
	 */
	<T> Setting<T> get(Function<ChannelProperties, T> getter, String key, Function<ChannelProperties, T> oldGetter,
			String oldKey) {
		for (ChannelProperties properties : new ChannelProperties[] { this.channel, this.defaults }) {
			String prefix = (properties == this.channel) ? this.prefix : DEFAULTS;
			T value = getter.apply(properties);
			if (value != null) {
				return new Setting<>(value, prefix, key);
			}
			T old = oldGetter.apply(properties);
			if (old != null) {
				this.deprecated.used(prefix + oldKey, prefix + key);
				return new Setting<>(old, prefix + oldKey);
			}
		}
		return new Setting<>(null, this.prefix, key);
	}

}
