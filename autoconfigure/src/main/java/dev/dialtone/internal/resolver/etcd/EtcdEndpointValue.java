package dev.dialtone.internal.resolver.etcd;

import java.net.InetSocketAddress;
import java.util.Map;

import org.springframework.boot.json.JsonParser;
import org.springframework.boot.json.JsonParserFactory;

import dev.dialtone.internal.resolver.HostAndPort;
import dev.dialtone.internal.resolver.InvalidTargetException;

/**
 * Reads the value of one backend's key. Two formats share a prefix: a plain {@code host:port}
 * ({@code [v6]:port} for IPv6), and the JSON endpoint record that etcd's Go naming package
 * ({@code go.etcd.io/etcd/client/v3/naming/endpoints}) writes,
 * {@code {"Op":0,"Addr":"10.0.0.7:50051","Metadata":null}}. As in Go's reader, field names match in
 * any case, and only {@code Addr} is used: a put key is a backend whatever its {@code Op}.
 */
final class EtcdEndpointValue {

	private static final String HOST_AND_PORT = "host:port with a port from 1 to 65535";

	private static final JsonParser json = JsonParserFactory.getJsonParser();

	private EtcdEndpointValue() {
	}

	/**
	 * The backend's address; a host name is resolved here, so this is called on Dialtone's etcd
	 * thread only.
	 * @throws IllegalArgumentException saying why the value is no address
	 */
	static InetSocketAddress address(String value) {
		String text = value.trim();
		String hostAndPort = text.startsWith("{") ? addrOf(text) : text;
		HostAndPort parsed;
		try {
			parsed = HostAndPort.parseWithPort(hostAndPort, HOST_AND_PORT);
		}
		catch (InvalidTargetException ex) {
			throw new IllegalArgumentException(
					"it is neither " + HOST_AND_PORT + " nor an etcd endpoint record {\"Addr\":\"host:port\"}");
		}
		InetSocketAddress address = new InetSocketAddress(parsed.host(), parsed.port());
		if (address.isUnresolved()) {
			throw new IllegalArgumentException("its host '" + parsed.host() + "' does not resolve");
		}
		return address;
	}

	private static String addrOf(String record) {
		Map<String, Object> fields;
		try {
			fields = json.parseMap(record);
		}
		catch (IllegalArgumentException ex) {
			// JsonParseException, or a JSON value that is no object
			throw new IllegalArgumentException("it is not valid JSON");
		}
		for (Map.Entry<String, Object> field : fields.entrySet()) {
			if ("addr".equalsIgnoreCase(field.getKey()) && field.getValue() instanceof String addr) {
				return addr;
			}
		}
		throw new IllegalArgumentException("its endpoint record has no \"Addr\" string");
	}

}
