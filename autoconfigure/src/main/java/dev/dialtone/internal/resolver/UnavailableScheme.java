package dev.dialtone.internal.resolver;

/**
 * Stands for a scheme whose optional library or bean is missing, so that a target of that scheme
 * stops the start saying what to add. A real scheme of the same name always wins over it.
 *
 * @param scheme the scheme
 * @param unavailableReason what is missing and what to add
 */
public record UnavailableScheme(String scheme, String unavailableReason) implements ChannelScheme {

	@Override
	public ChannelTarget parse(String configured, String target) {
		throw new InvalidTargetException(this.unavailableReason);
	}

}
