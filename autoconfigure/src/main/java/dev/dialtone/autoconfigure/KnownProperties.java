package dev.dialtone.autoconfigure;

import java.beans.PropertyDescriptor;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.beans.BeanUtils;

/**
 * Every property Dialtone knows under {@code grpc.client}, read from the properties classes, and
 * the known one nearest to a mistyped name: a channel's name and a list index stand for any.
 */
final class KnownProperties {

	private static final String PREFIX = "grpc.client";

	private static final Pattern CHANNEL = Pattern.compile("^grpc\\.client\\.channels\\.([^.\\[]+)\\.");

	private static final Pattern INDEX = Pattern.compile("\\[\\d+]");

	private static final Map<String, Type> TYPES = collect();

	private static final List<String> PATTERNS = List.copyOf(TYPES.keySet());

	private KnownProperties() {
	}

	/**
	 * The known property nearest to the given one, written with its channel name and indexes.
	 */
	static String nearest(String property) {
		Matcher channel = CHANNEL.matcher(property);
		String name = channel.find() ? channel.group(1) : null;
		String normalized = (name != null) ? channel.replaceFirst("grpc.client.channels.*.") : property;
		List<String> indexes = new ArrayList<>();
		Matcher index = INDEX.matcher(normalized);
		while (index.find()) {
			indexes.add(index.group());
		}
		String general = index.replaceAll("[*]");
		String best = PATTERNS.stream().min(Comparator.comparingInt((known) -> distance(known, general))).orElse(PREFIX);
		if (name != null) {
			best = best.replace("grpc.client.channels.*.", "grpc.client.channels." + name + ".");
		}
		for (String written : indexes) {
			best = best.replaceFirst("\\[\\*]", Matcher.quoteReplacement(written));
		}
		return best;
	}

	/**
	 * Every known property, as a pattern ({@code *} for a channel's name, {@code [*]} for a list
	 * index), with the type it binds to.
	 */
	static Map<String, Type> types() {
		return TYPES;
	}

	private static Map<String, Type> collect() {
		Map<String, Type> patterns = new LinkedHashMap<>();
		collect(GrpcClientProperties.class, PREFIX, patterns);
		return Collections.unmodifiableMap(patterns);
	}

	private static void collect(Class<?> type, String prefix, Map<String, Type> patterns) {
		for (PropertyDescriptor property : BeanUtils.getPropertyDescriptors(type)) {
			if (property.getReadMethod() == null || property.getName().equals("class")) {
				continue;
			}
			String path = prefix + "." + kebab(property.getName());
			Type generic = property.getReadMethod().getGenericReturnType();
			Class<?> raw = property.getPropertyType();
			if (Map.class.isAssignableFrom(raw) && generic instanceof ParameterizedType map
					&& map.getActualTypeArguments()[1] instanceof Class<?> value && isOurs(value)) {
				collect(value, path + ".*", patterns);
			}
			else if (List.class.isAssignableFrom(raw) && generic instanceof ParameterizedType list
					&& list.getActualTypeArguments()[0] instanceof Class<?> element && isOurs(element)) {
				collect(element, path + "[*]", patterns);
			}
			else if (isOurs(raw)) {
				collect(raw, path, patterns);
			}
			else {
				patterns.put(path, generic);
			}
		}
	}

	private static boolean isOurs(Class<?> type) {
		return type.getName().startsWith("dev.dialtone.") && !type.isEnum();
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase(Locale.ROOT);
	}

	private static int distance(String a, String b) {
		int[] previous = new int[b.length() + 1];
		int[] current = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			current[0] = i;
			for (int j = 1; j <= b.length(); j++) {
				int substitution = previous[j - 1] + ((a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[b.length()];
	}

}
