package dev.dialtone.internal.resolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;

import org.xbill.DNS.Address;

/**
 * The name a {@code dns:} target asks for, read once at startup. A name whose first label starts
 * with an underscore and that has no port ({@code dns:///_grpc._tcp.greeter.test}) is an SRV name,
 * whose records give both host and port, as Kubernetes headless services and Consul publish them;
 * any other name is looked up for A and AAAA records and takes the target's port.
 *
 * @param name the host, or an IP literal, with the port if the target has one
 */
record DnsTarget(HostAndPort name) {

	static final String ALLOWED = "dns:///host:port, dns:///host (the transport's default port), dns:///[IPv6]:port "
			+ "or dns:///_service._proto.name (SRV), with a port from 1 to 65535";

	/**
	 * Reads {@code dns:///host:port}, {@code dns:///[v6]:port}, {@code dns:///host} or
	 * {@code dns:///_service._proto.name}.
	 * @param target the target, its scheme in lower case
	 * @throws InvalidTargetException when the target names no host, a bad port or a DNS server
	 */
	static DnsTarget parse(String target) {
		String rest = target.substring(target.indexOf(':') + 1);
		if (!rest.startsWith("//")) {
			throw new InvalidTargetException(ALLOWED);
		}
		int slash = rest.indexOf('/', 2);
		String authority = (slash < 0) ? rest.substring(2) : rest.substring(2, slash);
		if (!authority.isEmpty()) {
			throw new InvalidTargetException(
					ALLOWED + "; a DNS server is set in grpc.client.dns.servers, not in the target's authority");
		}
		return new DnsTarget(HostAndPort.parse((slash < 0) ? "" : rest.substring(slash + 1), ALLOWED));
	}

	boolean isSrv() {
		return this.name.host().startsWith("_") && !this.name.hasPort();
	}

	String host() {
		return this.name.host();
	}

	int port(int defaultPort) {
		return this.name.hasPort() ? this.name.port() : defaultPort;
	}

	/**
	 * The authority calls carry: the target without its scheme.
	 */
	String authority() {
		return this.name.toString();
	}

	/**
	 * The target as grpc-java can parse it (an IPv6 literal's brackets are not allowed in a URI's
	 * path); Dialtone's resolver reads the parsed name, not this.
	 */
	String grpcTarget() {
		return "dns:///" + authority().replace("[", "%5B").replace("]", "%5D");
	}

	/**
	 * The fixed address of an IP literal target, or null when the host is a name to look up.
	 */
	InetSocketAddress literal(int defaultPort) {
		if (isSrv()) {
			return null;
		}
		int family = this.name.isIpv6() ? Address.IPv6 : Address.IPv4;
		byte[] address = Address.toByteArray(this.name.host(), family);
		if (address == null) {
			return null;
		}
		try {
			return new InetSocketAddress(InetAddress.getByAddress(address), port(defaultPort));
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

}
