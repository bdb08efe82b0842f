package dev.dialtone.autoconfigure;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.ChannelSchemes;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.resolver.InvalidTargetException;

/**
 * The one parser of channel targets: finds the scheme (in any case, as grpc-java does), writes a
 * plain {@code host:port} with {@code grpc.client.default-scheme}, and has the scheme read the
 * rest. Every target error is an {@link InvalidGrpcClientPropertyException} naming the property.
 */
final class TargetParser {

	private static final Pattern SCHEME = Pattern.compile("([a-zA-Z][a-zA-Z0-9+.-]*):(.*)");

	private static final Pattern DIGITS = Pattern.compile("\\d+");

	private final ChannelSchemes schemes;

	private final String defaultScheme;

	/**
	 * @param schemes the schemes a target may use
	 * @param defaultScheme {@code grpc.client.default-scheme}
	 * @throws InvalidGrpcClientPropertyException when the default scheme is not one of them
	 */
	TargetParser(ChannelSchemes schemes, String defaultScheme) {
		this.schemes = schemes;
		String scheme = (defaultScheme != null) ? defaultScheme.trim().toLowerCase(Locale.ROOT) : null;
		ChannelScheme found = (scheme != null) ? schemes.find(scheme) : null;
		if (found == null || found.unavailableReason() != null) {
			throw new InvalidGrpcClientPropertyException("grpc.client.default-scheme", defaultScheme,
					"one of the available schemes " + schemes.names());
		}
		this.defaultScheme = scheme;
	}

	ChannelTarget parse(Setting<String> target) {
		String configured = (target.value() != null) ? target.value().trim() : "";
		if (configured.isEmpty()) {
			throw new InvalidGrpcClientPropertyException(target.property(), null,
					"a target such as dns:///host:port, static://host1:port1,host2:port2, in-process:name or host:port");
		}
		Matcher matcher = SCHEME.matcher(configured);
		// host:port, [v6]:port and a bare host have no scheme of their own.
		boolean hostAndPort = !matcher.matches() || DIGITS.matcher(matcher.group(2)).matches();
		String scheme = hostAndPort ? this.defaultScheme : matcher.group(1).toLowerCase(Locale.ROOT);
		String normalized = hostAndPort ? scheme + ":///" + configured : scheme + ":" + matcher.group(2);
		ChannelScheme found = this.schemes.find(scheme);
		if (found == null || found.unavailableReason() != null) {
			String allowed = "a target whose scheme is one of " + this.schemes.names()
					+ " (a NameResolverProvider bean adds its own scheme)";
			throw new InvalidGrpcClientPropertyException(target.property(), configured,
					(found != null) ? allowed + "; " + found.unavailableReason() : allowed);
		}
		try {
			return found.parse(configured, normalized);
		}
		catch (InvalidTargetException ex) {
			throw new InvalidGrpcClientPropertyException(target.property(), configured, ex.getMessage());
		}
	}

}
