package dev.dialtone.test;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * A DNS server on a random UDP port of 127.0.0.1 whose answers a test sets and changes while it
 * runs: A, AAAA and SRV records (with the hosts' addresses in the additional section if asked), or
 * a failure (SERVFAIL) or an empty answer for every name, or SERVFAIL for one name and type.
 */
public final class TestDnsServer implements AutoCloseable {

	/** How the server answers every query, whatever records it holds. */
	public enum Mode {

		ANSWER, SERVFAIL, EMPTY

	}

	private final DatagramSocket socket;

	private final Map<Name, List<Record>> records = new ConcurrentHashMap<>();

	private final Map<Name, AtomicInteger> queries = new ConcurrentHashMap<>();

	private volatile Mode mode = Mode.ANSWER;

	private final Set<String> failing = ConcurrentHashMap.newKeySet();

	private volatile boolean additionalSection;

	public TestDnsServer() {
		try {
			this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
		}
		catch (SocketException ex) {
			throw new IllegalStateException(ex);
		}
		Thread thread = new Thread(this::serve, "test-dns-" + port());
		thread.setDaemon(true);
		thread.start();
	}

	public int port() {
		return this.socket.getLocalPort();
	}

	/** The value of {@code grpc.client.dns.servers} that points at this server. */
	public String address() {
		return "127.0.0.1:" + port();
	}

	/**
	 * Answers A queries for the name with these IPv4 addresses (none: an empty answer), in place of
	 * the A records it had.
	 */
	public void setA(String name, long ttl, String... ips) {
		set(name, Type.A, addresses(name, ttl, ips));
	}

	/**
	 * Answers AAAA queries for the name with these IPv6 addresses, in place of the AAAA records it
	 * had.
	 */
	public void setAaaa(String name, long ttl, String... ips) {
		set(name, Type.AAAA, addresses(name, ttl, ips));
	}

	private static List<Record> addresses(String name, long ttl, String... ips) {
		List<Record> answer = new ArrayList<>();
		for (String ip : ips) {
			try {
				InetAddress address = InetAddress.getByName(ip);
				answer.add((address instanceof Inet6Address) ? new AAAARecord(name(name), DClass.IN, ttl, address)
						: new ARecord(name(name), DClass.IN, ttl, address));
			}
			catch (IOException ex) {
				throw new IllegalArgumentException(ex);
			}
		}
		return answer;
	}

	private void set(String name, int type, List<Record> answer) {
		this.records.compute(name(name), (key, known) -> {
			List<Record> all = new ArrayList<>((known != null) ? known : List.of());
			all.removeIf((record) -> record.getType() == type);
			all.addAll(answer);
			return all;
		});
	}

	/**
	 * Answers queries of one type for one name with SERVFAIL, as a server that cannot reach the
	 * name's zone does, or answers them again.
	 */
	public void setFailing(String name, int type, boolean failing) {
		String key = name(name) + "/" + Type.string(type);
		if (failing) {
			this.failing.add(key);
		}
		else {
			this.failing.remove(key);
		}
	}

	/**
	 * Whether SRV answers carry the addresses of their hosts in the additional section, as Consul
	 * and Kubernetes' DNS do.
	 */
	public void setAdditionalSection(boolean additionalSection) {
		this.additionalSection = additionalSection;
	}

	/** Answers SRV queries for the name with one record per {@code host:port} target. */
	public void setSrv(String name, long ttl, String... targets) {
		List<Record> answer = new ArrayList<>();
		for (String target : targets) {
			int colon = target.lastIndexOf(':');
			answer.add(new SRVRecord(name(name), DClass.IN, ttl, 0, 0, Integer.parseInt(target.substring(colon + 1)),
					name(target.substring(0, colon))));
		}
		set(name, Type.SRV, answer);
	}

	/** How many queries of any type every name received together. */
	public int queries() {
		return this.queries.values().stream().mapToInt(AtomicInteger::get).sum();
	}

	public void setMode(Mode mode) {
		this.mode = mode;
	}

	/** How many queries of any type this name received. */
	public int queries(String name) {
		AtomicInteger count = this.queries.get(name(name));
		return (count != null) ? count.get() : 0;
	}

	private static Name name(String name) {
		try {
			return Name.fromString(name, Name.root);
		}
		catch (TextParseException ex) {
			throw new IllegalArgumentException(ex);
		}
	}

	private void serve() {
		byte[] buffer = new byte[65535];
		while (!this.socket.isClosed()) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.socket.receive(packet);
				Message query = new Message(Arrays.copyOf(packet.getData(), packet.getLength()));
				// Answers as long as the query's EDNS allows (dnsjava asks for 1280 bytes).
				int max = (query.getOPT() != null) ? Math.max(512, query.getOPT().getPayloadSize()) : 512;
				byte[] response = answer(query).toWire(max);
				this.socket.send(new DatagramPacket(response, response.length, packet.getSocketAddress()));
			}
			catch (IOException ex) {
				// Closed by close(), or a malformed packet: nothing to answer.
			}
		}
	}

	private Message answer(Message query) {
		Record question = query.getQuestion();
		this.queries.computeIfAbsent(question.getName(), (name) -> new AtomicInteger()).incrementAndGet();
		Message response = new Message(query.getHeader().getID());
		response.getHeader().setFlag(Flags.QR);
		response.getHeader().setFlag(Flags.AA);
		response.getHeader().setFlag(Flags.RA);
		if (query.getHeader().getFlag(Flags.RD)) {
			response.getHeader().setFlag(Flags.RD);
		}
		response.addRecord(question, Section.QUESTION);
		Mode current = this.mode;
		if (current == Mode.SERVFAIL
				|| this.failing.contains(question.getName() + "/" + Type.string(question.getType()))) {
			response.getHeader().setRcode(Rcode.SERVFAIL);
			return response;
		}
		List<Record> known = this.records.get(question.getName());
		if (known == null) {
			response.getHeader().setRcode(Rcode.NXDOMAIN);
			return response;
		}
		if (current == Mode.ANSWER) {
			known.stream()
				.filter((record) -> record.getType() == question.getType() || question.getType() == Type.ANY)
				.forEach((record) -> response.addRecord(record, Section.ANSWER));
			if (this.additionalSection && question.getType() == Type.SRV) {
				known.stream()
					.filter(SRVRecord.class::isInstance)
					.map((record) -> this.records.getOrDefault(((SRVRecord) record).getTarget(), List.of()))
					.flatMap(List::stream)
					.filter((record) -> record.getType() == Type.A || record.getType() == Type.AAAA)
					.forEach((record) -> response.addRecord(record, Section.ADDITIONAL));
			}
		}
		return response;
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
