package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.Objects;

import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;

/**
 * A setting and the property it was read from, so that an error names the line to change.
 * <p>
 * The property path is kept in two parts and joined only when asked for: every channel reads
 * about sixty settings at startup, and nearly all of them are never reported.
 *
 * @param value the value, or null when neither the channel nor the defaults set it
 * @param prefix the start of the property path, e.g. {@code grpc.client.channels.greeter.}
 * @param key the rest of it, e.g. {@code retry.max-attempts}
 */
record Setting<T>(@Nullable T value, String prefix, String key) {

	private static final String DURATION_LIMIT = "at most 106751d (what a count of nanoseconds can hold)";

	/**
	 * @param value the value, or null when unset
	 * @param property the full property path it was read from, or would be written at
	 */
	Setting(@Nullable T value, String property) {
		this(value, property, "");
	}

	/**
	 * The full property path it was read from, or would be written at.
	 */
	String property() {
		return this.key.isEmpty() ? this.prefix : this.prefix + this.key;
	}

	@Override
	public boolean equals(Object other) {
		return (other instanceof Setting<?> setting) && Objects.equals(this.value, setting.value)
				&& property().equals(setting.property());
	}

	@Override
	public int hashCode() {
		return Objects.hash(this.value, property());
	}

	@Override
	public String toString() {
		return property() + "=" + this.value;
	}

	T orElse(T fallback) {
		return (this.value != null) ? this.value : fallback;
	}

	Setting<T> orElse(Setting<T> fallback) {
		return (this.value != null) ? this : fallback;
	}

	InvalidGrpcClientPropertyException invalid(String allowed) {
		return new InvalidGrpcClientPropertyException(property(), this.value, allowed);
	}

	/**
	 * The duration, or null when unset.
	 * @throws InvalidGrpcClientPropertyException when it is 0, negative or too long for grpc-java
	 */
	static @Nullable Duration positive(Setting<Duration> duration) {
		Duration value = duration.value();
		if (value != null && (value.isNegative() || value.isZero() || tooLong(value))) {
			throw duration.invalid("a duration greater than 0 and " + DURATION_LIMIT + ", e.g. 2s or 500ms");
		}
		return value;
	}

	/**
	 * The duration, or null when unset.
	 * @throws InvalidGrpcClientPropertyException when it is negative or too long for grpc-java
	 */
	static @Nullable Duration notNegative(Setting<Duration> duration) {
		Duration value = duration.value();
		if (value != null && (value.isNegative() || tooLong(value))) {
			throw duration.invalid("a duration of 0 or more and " + DURATION_LIMIT + ", e.g. 5s");
		}
		return value;
	}

	/**
	 * The size in bytes, or null when unset.
	 * @throws InvalidGrpcClientPropertyException when it is 0, negative or above what an int holds
	 */
	static @Nullable Integer bytes(Setting<DataSize> size) {
		if (size.value() == null) {
			return null;
		}
		long bytes = size.value().toBytes();
		if (bytes <= 0 || bytes > Integer.MAX_VALUE) {
			throw size.invalid("a size greater than 0 and at most 2GB, e.g. 4MB");
		}
		return (int) bytes;
	}

	private static boolean tooLong(Duration duration) {
		return duration.compareTo(Duration.ofNanos(Long.MAX_VALUE)) > 0;
	}

}
