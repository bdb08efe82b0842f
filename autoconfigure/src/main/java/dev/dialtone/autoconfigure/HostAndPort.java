package dev.dialtone.autoconfigure;

import java.net.InetSocketAddress;

/**
 * Reads a {@code host:port} as users write it in Dialtone's properties (IPv6 in brackets, a port
 * from 1 to 65535) and resolves the host once, at startup.
 */
final class HostAndPort {

	private HostAndPort() {
	}

	/**
	 * @param value e.g. {@code 127.0.0.1:6565}, {@code [::1]:53} or {@code localhost:8600}
	 * @param property the property the value was written in, for the error
	 * @param shownValue the value the error quotes (the whole property value, not just this entry)
	 * @param allowed what the property accepts, for the error
	 * @throws InvalidGrpcClientPropertyException when the value is malformed or the host does not
	 * resolve
	 */
	static InetSocketAddress resolve(String value, String property, String shownValue, String allowed) {
		String hostPort = (value != null) ? value.trim() : "";
		int colon = hostPort.lastIndexOf(':');
		boolean bracketed = hostPort.startsWith("[");
		if (colon <= 0 || (bracketed && hostPort.charAt(colon - 1) != ']')
				|| (!bracketed && hostPort.indexOf(':') != colon)) {
			throw new InvalidGrpcClientPropertyException(property, shownValue, allowed);
		}
		String host = bracketed ? hostPort.substring(1, colon - 1) : hostPort.substring(0, colon);
		int port = port(hostPort.substring(colon + 1));
		if (host.isEmpty() || port < 1 || port > 65535) {
			throw new InvalidGrpcClientPropertyException(property, shownValue, allowed);
		}
		InetSocketAddress address = new InetSocketAddress(host, port);
		if (address.isUnresolved()) {
			throw new InvalidGrpcClientPropertyException(property, shownValue,
					allowed + "; the host '" + host + "' does not resolve");
		}
		return address;
	}

	private static int port(String port) {
		try {
			return Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

}
