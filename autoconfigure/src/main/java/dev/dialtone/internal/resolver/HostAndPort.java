package dev.dialtone.internal.resolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.regex.Pattern;

import org.xbill.DNS.Address;

/**
 * A host and an optional port as users write them in Dialtone's properties: {@code host:port},
 * {@code [v6]:port}, {@code host}, or an IPv6 address without brackets and port. The one parser of
 * host and port for targets, static lists and DNS servers.
 *
 * @param host a host name (its labels within DNS limits) or an IP address, without brackets
 * @param port a port from 1 to 65535, or {@link #NO_PORT}
 */
public record HostAndPort(String host, int port) {

	/** The port of a value that names none. */
	public static final int NO_PORT = -1;

	// Letters, digits, hyphens and underscores (SRV names), 1 to 63 of them between dots.
	private static final Pattern HOST_NAME = Pattern.compile("[A-Za-z0-9_-]{1,63}(\\.[A-Za-z0-9_-]{1,63})*\\.?");

	/**
	 * @param value the value to read
	 * @param allowed what the property accepts, for the error
	 * @throws InvalidTargetException when the value is no host with an optional port from 1 to 65535
	 */
	public static HostAndPort parse(String value, String allowed) {
		String text = (value != null) ? value.trim() : "";
		String host;
		int port = NO_PORT;
		if (text.startsWith("[")) {
			int close = text.indexOf(']');
			if (close < 0) {
				throw new InvalidTargetException(allowed);
			}
			host = text.substring(1, close);
			String rest = text.substring(close + 1);
			if (!rest.isEmpty()) {
				port = rest.startsWith(":") ? port(rest.substring(1), allowed) : fail(allowed);
			}
			if (!isIpv6(host)) {
				throw new InvalidTargetException(allowed);
			}
		}
		else if (text.indexOf(':') != text.lastIndexOf(':')) {
			host = text;
			if (!isIpv6(host)) {
				throw new InvalidTargetException(allowed);
			}
		}
		else {
			int colon = text.indexOf(':');
			host = (colon >= 0) ? text.substring(0, colon) : text;
			if (colon >= 0) {
				port = port(text.substring(colon + 1), allowed);
			}
			if (host.length() > 253 || !HOST_NAME.matcher(host).matches()) {
				throw new InvalidTargetException(allowed);
			}
		}
		return new HostAndPort(host, port);
	}

	/**
	 * Like {@link #parse(String, String)}, and the port must be there.
	 */
	public static HostAndPort parseWithPort(String value, String allowed) {
		HostAndPort parsed = parse(value, allowed);
		if (!parsed.hasPort()) {
			throw new InvalidTargetException(allowed);
		}
		return parsed;
	}

	public boolean hasPort() {
		return this.port != NO_PORT;
	}

	/**
	 * Whether the host is an IPv6 address.
	 */
	public boolean isIpv6() {
		return isIpv6(this.host);
	}

	/**
	 * Whether the host is {@code localhost} or a loopback address literal (127.0.0.0/8, ::1): a
	 * backend that nothing sent to leaves this host for.
	 */
	public boolean isLoopback() {
		String name = this.host.endsWith(".") ? this.host.substring(0, this.host.length() - 1) : this.host;
		if (name.equalsIgnoreCase("localhost")) {
			return true;
		}
		byte[] address = Address.toByteArray(this.host, isIpv6() ? Address.IPv6 : Address.IPv4);
		if (address == null) {
			return false;
		}
		try {
			return InetAddress.getByAddress(address).isLoopbackAddress();
		}
		catch (UnknownHostException ex) {
			return false;
		}
	}

	/**
	 * The host as it stands in an authority: an IPv6 address in brackets.
	 */
	public String bracketedHost() {
		return isIpv6() ? "[" + this.host + "]" : this.host;
	}

	/**
	 * Resolves the host once, through the JVM, as at startup.
	 * @param allowed what the property accepts, for the error
	 * @throws InvalidTargetException when the host does not resolve
	 */
	public InetSocketAddress resolve(String allowed) {
		InetSocketAddress address = new InetSocketAddress(this.host, this.port);
		if (address.isUnresolved()) {
			throw new InvalidTargetException(allowed + "; the host '" + this.host + "' does not resolve");
		}
		return address;
	}

	@Override
	public String toString() {
		return hasPort() ? bracketedHost() + ":" + this.port : bracketedHost();
	}

	private static boolean isIpv6(String host) {
		return host.contains(":") && Address.toByteArray(host, Address.IPv6) != null;
	}

	private static int port(String port, String allowed) {
		try {
			int value = Integer.parseInt(port);
			if (value >= 1 && value <= 65535) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with what is allowed.
		}
		throw new InvalidTargetException(allowed);
	}

	private static int fail(String allowed) {
		throw new InvalidTargetException(allowed);
	}

}
