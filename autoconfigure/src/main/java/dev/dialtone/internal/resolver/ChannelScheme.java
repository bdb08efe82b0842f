package dev.dialtone.internal.resolver;

import org.jspecify.annotations.Nullable;

/**
 * One target scheme ({@code dns}, {@code static}, {@code discovery}, ...), contributed as a bean:
 * it checks its targets at startup and builds each channel's resolver. Nothing else in Dialtone
 * knows a scheme by name.
 */
public interface ChannelScheme {

	/**
	 * The scheme, in lower case, e.g. {@code dns}.
	 */
	String scheme();

	/**
	 * Reads a target of this scheme, once, at startup.
	 * @param configured the target as the user wrote it, for the result
	 * @param target the target with its scheme in lower case, e.g. {@code dns:///greeter:6565}
	 * @throws InvalidTargetException when the target cannot work, saying what the scheme accepts
	 */
	ChannelTarget parse(String configured, String target);

	/**
	 * Why the scheme cannot be used here and what to add, or null when it can. A scheme whose
	 * library is missing is contributed as such a placeholder, so that the startup error says what
	 * to add rather than only that the scheme is unknown.
	 */
	default @Nullable String unavailableReason() {
		return null;
	}

	/**
	 * What follows {@code scheme:} and any slashes in a target, e.g. {@code host:port} in
	 * {@code static://host:port}. Not a regular expression: it runs for every channel at startup.
	 */
	static String afterScheme(String target, String scheme) {
		int start = scheme.length() + 1;
		while (start < target.length() && target.charAt(start) == '/') {
			start++;
		}
		return target.substring(start);
	}

}
