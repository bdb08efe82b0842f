package dev.dialtone.sample.backend;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.List;

import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/**
 * The smallest DNS server the story needs: on a free UDP port of 127.0.0.1 it answers A queries
 * for one name with the addresses last given to it, and every other question with NXDOMAIN. It
 * stands in for the DNS of a platform that scales a service up.
 */
final class DnsResponder implements AutoCloseable {

	private final Name name;

	private final long ttl;

	private final DatagramSocket socket;

	private volatile List<ARecord> answer = List.of();

	DnsResponder(String name, long ttl) throws IOException {
		this.name = Name.fromString(name, Name.root);
		this.ttl = ttl;
		this.socket = new DatagramSocket(new InetSocketAddress("127.0.0.1", 0));
		Thread thread = new Thread(this::answerUntilClosed, "dns-responder-" + this.socket.getLocalPort());
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Where to ask, as {@code host:port}.
	 */
	String address() {
		return "127.0.0.1:" + this.socket.getLocalPort();
	}

	/**
	 * Answers the name with these IP addresses from the next query on.
	 */
	void answer(List<String> ips) {
		this.answer = ips.stream().map(this::record).toList();
	}

	private ARecord record(String ip) {
		try {
			return new ARecord(this.name, DClass.IN, this.ttl, InetAddress.getByName(ip));
		}
		catch (IOException ex) {
			throw new IllegalArgumentException("Not an IP address: " + ip, ex);
		}
	}

	private void answerUntilClosed() {
		byte[] buffer = new byte[512];
		while (!this.socket.isClosed()) {
			try {
				DatagramPacket packet = new DatagramPacket(buffer, buffer.length);
				this.socket.receive(packet);
				byte[] reply = reply(new Message(Arrays.copyOf(packet.getData(), packet.getLength()))).toWire(512);
				this.socket.send(new DatagramPacket(reply, reply.length, packet.getSocketAddress()));
			}
			catch (IOException | RuntimeException ex) {
				// Closed, or a packet that is no DNS query: there is nobody to answer.
			}
		}
	}

	private Message reply(Message query) {
		Record question = query.getQuestion();
		Message reply = new Message(query.getHeader().getID());
		reply.getHeader().setFlag(Flags.QR);
		reply.getHeader().setFlag(Flags.AA);
		reply.addRecord(question, Section.QUESTION);
		if (!question.getName().equals(this.name)) {
			reply.getHeader().setRcode(Rcode.NXDOMAIN);
		}
		else if (question.getType() == Type.A) {
			this.answer.forEach((record) -> reply.addRecord(record, Section.ANSWER));
		}
		// The name exists but has no other records (no AAAA): an empty answer, NOERROR.
		return reply;
	}

	@Override
	public void close() {
		this.socket.close();
	}

}
