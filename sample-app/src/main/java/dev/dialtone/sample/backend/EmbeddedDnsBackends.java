package dev.dialtone.sample.backend;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Greeter backends behind one DNS name, the way a platform runs a service: each on its own
 * address (127.0.0.1, 127.0.0.2, 127.0.0.3), all on the same port, and a DNS responder whose
 * answer for the name the story changes. Closing them stops the backends and the responder.
 */
public final class EmbeddedDnsBackends implements AutoCloseable {

	/**
	 * The name the backends are found under.
	 */
	public static final String NAME = "greeter.sample";

	// Long, so that what makes the channel look again is its refresh interval, not the record's TTL.
	private static final long TTL_SECONDS = 30;

	private static final List<String> HOSTS = List.of("127.0.0.1", "127.0.0.2", "127.0.0.3");

	private static final int ATTEMPTS = 5;

	private final List<GreeterBackend> backends;

	private final DnsResponder dns;

	private EmbeddedDnsBackends(List<GreeterBackend> backends, DnsResponder dns) {
		this.backends = List.copyOf(backends);
		this.dns = dns;
	}

	/**
	 * Starts one backend per name, on 127.0.0.1, .2 and .3 in that order, and a responder that
	 * answers the name with the first backend only.
	 */
	static EmbeddedDnsBackends start(List<String> names, Duration work) {
		List<GreeterBackend> backends = startOnOnePort(names, work);
		try {
			DnsResponder dns = new DnsResponder(NAME, TTL_SECONDS);
			EmbeddedDnsBackends started = new EmbeddedDnsBackends(backends, dns);
			started.answerWith(backends.subList(0, 1));
			return started;
		}
		catch (IOException ex) {
			backends.forEach(GreeterBackend::kill);
			throw new IllegalStateException("Could not start the sample's DNS responder", ex);
		}
	}

	/**
	 * The first backend takes a free port on 127.0.0.1; the others the same port on their own
	 * address, which something else may hold: then all start over on another port.
	 */
	private static List<GreeterBackend> startOnOnePort(List<String> names, Duration work) {
		IOException failure = null;
		for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
			List<GreeterBackend> started = new ArrayList<>();
			try {
				int port = 0;
				for (int i = 0; i < names.size(); i++) {
					GreeterBackend backend = GreeterBackend.start(names.get(i), work,
							new InetSocketAddress(HOSTS.get(i), port));
					started.add(backend);
					port = backend.port();
				}
				return started;
			}
			catch (IOException ex) {
				started.forEach(GreeterBackend::kill);
				failure = ex;
			}
		}
		throw new IllegalStateException("Could not start the DNS greeter backends on one port of "
				+ HOSTS.subList(0, names.size()), failure);
	}

	public List<GreeterBackend> all() {
		return this.backends;
	}

	/**
	 * The channel target that finds the backends through DNS.
	 */
	public String target() {
		return "dns:///" + NAME + ":" + this.backends.get(0).port();
	}

	/**
	 * The DNS responder, as {@code host:port}.
	 */
	public String dnsServer() {
		return this.dns.address();
	}

	public long ttlSeconds() {
		return TTL_SECONDS;
	}

	/**
	 * Makes the name answer with these backends' addresses from the next DNS query on.
	 */
	public void answerWith(List<GreeterBackend> backends) {
		this.dns.answer(backends.stream().map(GreeterBackend::host).toList());
	}

	@Override
	public void close() {
		this.dns.close();
		this.backends.forEach(GreeterBackend::kill);
	}

}
