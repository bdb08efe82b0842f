package dev.dialtone.benchmarks;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

import dev.dialtone.test.GreeterService;

/**
 * Greeter servers on 127.0.0.1, 127.0.0.2, ... sharing one port, as several hosts behind one DNS
 * name, each running the tests' {@link GreeterService} and naming its server's address in each
 * reply. Unlike the tests' {@code GreeterBackend} there is no relay in front: a relay's threads and
 * sockets would be counted with what is measured.
 */
final class LoopbackGreeters implements AutoCloseable {

	private final List<Server> servers;

	private final int count;

	private final int port;

	private LoopbackGreeters(List<Server> servers, int count, int port) {
		this.servers = servers;
		this.count = count;
		this.port = port;
	}

	/**
	 * Greeters that another process started, known by their count and port; closing does nothing.
	 */
	static LoopbackGreeters describe(int count, int port) {
		return new LoopbackGreeters(List.of(), count, port);
	}

	/**
	 * @param count how many servers, one per loopback address from 127.0.0.1 on
	 */
	static LoopbackGreeters start(int count) {
		for (int attempt = 0; attempt < 5; attempt++) {
			List<Server> servers = new ArrayList<>();
			try {
				int port = 0;
				for (int i = 1; i <= count; i++) {
					Server server = start("127.0.0." + i, port);
					servers.add(server);
					port = server.getPort();
				}
				return new LoopbackGreeters(servers, count, port);
			}
			catch (IOException ex) {
				// The port picked on 127.0.0.1 is taken on another loopback address: pick another one.
				servers.forEach(Server::shutdownNow);
			}
		}
		throw new IllegalStateException("No port was free on 127.0.0.1 to 127.0.0." + count + " in 5 attempts");
	}

	private static Server start(String host, int port) throws IOException {
		return NettyServerBuilder.forAddress(new InetSocketAddress(host, port), InsecureServerCredentials.create())
			.addService(new GreeterService(host))
			.build()
			.start();
	}

	int port() {
		return this.port;
	}

	/** Every server as {@code host:port}, for a {@code static://} target. */
	String staticTarget() {
		List<String> addresses = new ArrayList<>();
		for (int i = 1; i <= this.count; i++) {
			addresses.add("127.0.0." + i + ":" + this.port);
		}
		return "static://" + String.join(",", addresses);
	}

	/** The loopback addresses of the servers, for a DNS answer. */
	String[] hosts() {
		String[] hosts = new String[this.count];
		for (int i = 0; i < hosts.length; i++) {
			hosts[i] = "127.0.0." + (i + 1);
		}
		return hosts;
	}

	@Override
	public void close() {
		this.servers.forEach(Server::shutdownNow);
		for (Server server : this.servers) {
			try {
				server.awaitTermination(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

}
