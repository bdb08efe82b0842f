package dev.dialtone.sample.backend;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Relays TCP connections from an address of its own to a backend's loopback port. Killing the relay
 * resets every connection and refuses new ones, which is how a crashed backend looks to a client.
 * Stopping the gRPC server itself would instead end each call politely with CANCELLED, which no
 * crash does and which retry rightly leaves alone.
 */
final class KillableRelay {

	private final ServerSocket listener;

	private final int backendPort;

	private final Set<Socket> open = ConcurrentHashMap.newKeySet();

	private volatile boolean killed;

	KillableRelay(InetSocketAddress listen, int backendPort) throws IOException {
		this.backendPort = backendPort;
		this.listener = new ServerSocket();
		this.listener.bind(listen, 50);
		daemon("relay-" + address(), this::acceptUntilKilled).start();
	}

	int port() {
		return this.listener.getLocalPort();
	}

	/**
	 * Where clients connect, as {@code host:port}.
	 */
	String address() {
		return host() + ":" + port();
	}

	String host() {
		return this.listener.getInetAddress().getHostAddress();
	}

	private void acceptUntilKilled() {
		while (!this.killed) {
			try {
				Socket client = this.listener.accept();
				Socket backend = new Socket(InetAddress.getLoopbackAddress(), this.backendPort);
				client.setTcpNoDelay(true);
				backend.setTcpNoDelay(true);
				this.open.add(client);
				this.open.add(backend);
				daemon("relay-up-" + port(), () -> copy(client, backend)).start();
				daemon("relay-down-" + port(), () -> copy(backend, client)).start();
			}
			catch (IOException ex) {
				// Killed, or the backend refused: either way this connection is gone, as the client will see.
			}
		}
	}

	private void copy(Socket from, Socket to) {
		byte[] buffer = new byte[16 * 1024];
		try {
			InputStream in = from.getInputStream();
			OutputStream out = to.getOutputStream();
			for (int read = in.read(buffer); read != -1; read = in.read(buffer)) {
				out.write(buffer, 0, read);
				out.flush();
			}
		}
		catch (IOException ex) {
			// One side went away; closing both below passes that on to the other side.
		}
		close(from);
		close(to);
	}

	/**
	 * Resets every connection (RST rather than an orderly FIN) and stops listening.
	 */
	void kill() {
		this.killed = true;
		close(this.listener);
		for (Socket socket : this.open) {
			try {
				socket.setSoLinger(true, 0);
			}
			catch (IOException ex) {
				// Already closed: nothing left to reset.
			}
			close(socket);
		}
	}

	private void close(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// The socket is unusable either way.
		}
		if (closeable instanceof Socket socket) {
			this.open.remove(socket);
		}
	}

	private static Thread daemon(String name, Runnable task) {
		Thread thread = new Thread(task, name);
		thread.setDaemon(true);
		return thread;
	}

}
