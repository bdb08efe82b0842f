package dev.dialtone.internal.channel;

import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * A name in a {@code methods} entry: a whole service ({@code helloworld.Greeter}) or one of its
 * methods ({@code helloworld.Greeter/SayHello}).
 *
 * @param service the service's full name
 * @param method the method's name, or null for every method of the service
 */
public record MethodName(String service, @Nullable String method) {

	private static final Pattern SERVICE = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*(\\.[A-Za-z_][A-Za-z0-9_]*)*");

	private static final Pattern METHOD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

	/**
	 * Reads {@code service} or {@code service/method}, or returns null when the text is neither.
	 */
	public static @Nullable MethodName parse(String text) {
		String name = (text != null) ? text.trim() : "";
		int slash = name.indexOf('/');
		String service = (slash < 0) ? name : name.substring(0, slash);
		String method = (slash < 0) ? null : name.substring(slash + 1);
		if (!SERVICE.matcher(service).matches() || (method != null && !METHOD.matcher(method).matches())) {
			return null;
		}
		return new MethodName(service, method);
	}

	/**
	 * Whether this names a whole service.
	 */
	public boolean isService() {
		return this.method == null;
	}

	@Override
	public String toString() {
		return isService() ? this.service : this.service + "/" + this.method;
	}

}
