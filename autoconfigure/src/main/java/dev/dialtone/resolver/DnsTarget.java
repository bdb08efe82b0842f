package dev.dialtone.resolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;

import org.xbill.DNS.Address;

/**
 * The name a {@code dns:} target asks for. A name whose first label starts with an underscore
 * ({@code dns:///_grpc._tcp.greeter.test}) is an SRV name, whose records give both host and port, as
 * Kubernetes headless services and Consul publish them; any other name is looked up for A and AAAA
 * records and takes the target's port.
 *
 * @param host the name, or an IP literal
 * @param port the port, or -1 for an SRV name
 * @param authority the authority calls carry: the target without its scheme
 */
record DnsTarget(String host, int port, String authority) {

	boolean isSrv() {
		return this.port < 0;
	}

	/**
	 * The fixed address of an IP literal target, or null when the host is a name to look up.
	 */
	InetSocketAddress literal() {
		if (isSrv()) {
			return null;
		}
		int family = this.host.contains(":") ? Address.IPv6 : Address.IPv4;
		if (Address.toByteArray(this.host, family) == null) {
			return null;
		}
		try {
			return new InetSocketAddress(InetAddress.getByAddress(Address.toByteArray(this.host, family)), this.port);
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Reads {@code dns:///host:port}, {@code dns:///[v6]:port}, {@code dns:///host} (the default port)
	 * or {@code dns:///_service._proto.name}.
	 * @throws IllegalArgumentException when the target names no host, a bad port or a DNS server
	 */
	static DnsTarget of(URI target, int defaultPort) {
		if (target.getAuthority() != null && !target.getAuthority().isEmpty()) {
			throw new IllegalArgumentException("A DNS server in the target's authority is not supported ('" + target
					+ "'): write dns:///host:port and set grpc.client.dns.servers");
		}
		String path = (target.getPath() != null) ? target.getPath() : "";
		String name = path.startsWith("/") ? path.substring(1) : path;
		if (name.isEmpty()) {
			throw new IllegalArgumentException("No host in target '" + target + "'");
		}
		if (name.startsWith("[")) {
			int close = name.indexOf(']');
			if (close < 0) {
				throw new IllegalArgumentException("Unclosed IPv6 literal in target '" + target + "'");
			}
			String rest = name.substring(close + 1);
			int port = rest.isEmpty() ? defaultPort : port(rest.substring(1), target);
			return new DnsTarget(name.substring(1, close), port, name);
		}
		int colon = name.lastIndexOf(':');
		if (colon >= 0 && name.indexOf(':') == colon) {
			return new DnsTarget(name.substring(0, colon), port(name.substring(colon + 1), target), name);
		}
		if (colon >= 0) {
			return new DnsTarget(name, defaultPort, "[" + name + "]");
		}
		return new DnsTarget(name, name.startsWith("_") ? -1 : defaultPort, name);
	}

	private static int port(String port, URI target) {
		try {
			int value = Integer.parseInt(port);
			if (value >= 1 && value <= 65535) {
				return value;
			}
		}
		catch (NumberFormatException ex) {
			// Reported below with the whole target.
		}
		throw new IllegalArgumentException("Bad port '" + port + "' in target '" + target + "'");
	}

}
