package dev.dialtone.test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP relay on a loopback port in front of a backend. {@link #kill()} resets every connection
 * and stops listening, which is what a client sees when a backend's process or host dies: a
 * connection reset, then connections refused. (A grpc-java server's own shutdownNow instead
 * cancels each stream politely, which no real crash does.)
 */
final class KillableProxy implements AutoCloseable {

	private final ServerSocket listener;

	private final InetSocketAddress backend;

	private final List<Socket> sockets = new CopyOnWriteArrayList<>();

	private final AtomicInteger connections = new AtomicInteger();

	private volatile boolean killed;

	KillableProxy(InetSocketAddress backend) {
		this(backend, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	/**
	 * @param backend where connections are relayed to
	 * @param listenOn the loopback address and port clients connect to (port 0: any free one)
	 * @throws IllegalStateException when that address cannot be bound
	 */
	KillableProxy(InetSocketAddress backend, InetSocketAddress listenOn) {
		this.backend = backend;
		try {
			this.listener = new ServerSocket();
			this.listener.setReuseAddress(true);
			this.listener.bind(listenOn, 50);
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
		Thread acceptor = new Thread(this::accept, "proxy-accept-" + port());
		acceptor.setDaemon(true);
		acceptor.start();
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/** How many connections clients opened. */
	int connections() {
		return this.connections.get();
	}

	String host() {
		return this.listener.getInetAddress().getHostAddress();
	}

	private void accept() {
		while (!this.killed) {
			Socket client = null;
			try {
				client = this.listener.accept();
				this.connections.incrementAndGet();
				Socket upstream = new Socket(this.backend.getAddress(), this.backend.getPort());
				client.setTcpNoDelay(true);
				upstream.setTcpNoDelay(true);
				this.sockets.add(client);
				this.sockets.add(upstream);
				pump(client, upstream);
				pump(upstream, client);
			}
			catch (IOException ex) {
				// The listener was closed by kill(), or the backend refused: the client sees a drop.
				// A client accepted just before kill() would otherwise stay open and silent, and the
				// channel would wait out its connect timeout instead of seeing the crash.
				if (client != null) {
					closeQuietly(client);
				}
			}
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16384];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) != -1) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// Either side went away; closing both ends below tells the other side.
			}
			closeQuietly(from);
			closeQuietly(to);
		}, "proxy-pump");
		thread.setDaemon(true);
		thread.start();
	}

	/**
	 * Resets every connection (RST, not FIN) and refuses new ones.
	 */
	void kill() {
		this.killed = true;
		closeQuietly(this.listener);
		for (Socket socket : this.sockets) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// Already closed: nothing left to reset.
			}
			closeQuietly(socket);
		}
	}

	@Override
	public void close() {
		kill();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Closing on the way out: the socket is unusable either way.
		}
	}

}
