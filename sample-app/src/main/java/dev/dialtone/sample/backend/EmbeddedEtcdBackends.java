package dev.dialtone.sample.backend;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.lease.LeaseKeepAliveResponse;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.jspecify.annotations.Nullable;

import org.springframework.util.FileSystemUtils;

/**
 * An etcd server of the machine's own {@code etcd} binary, on free loopback ports with a
 * temporary data directory, and greeter backends that register in it the way Go services do with
 * etcd: each puts the key {@code greeter/<host:port>} under a lease it keeps alive. Closing stops
 * the backends, etcd, and deletes the data.
 */
public final class EmbeddedEtcdBackends implements AutoCloseable {

	/**
	 * The service the backends register under; the channel's target is {@code etcd:///greeter}.
	 */
	public static final String SERVICE = "greeter";

	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private final Process etcd;

	private final Path dataDir;

	private final String endpoint;

	private final Client client;

	private final List<GreeterBackend> backends;

	private EmbeddedEtcdBackends(Process etcd, Path dataDir, String endpoint, Client client,
			List<GreeterBackend> backends) {
		this.etcd = etcd;
		this.dataDir = dataDir;
		this.endpoint = endpoint;
		this.client = client;
		this.backends = List.copyOf(backends);
	}

	/**
	 * The {@code etcd} binary named by {@code sample.etcd-binary}, else the first on the PATH;
	 * null when there is none.
	 */
	static @Nullable String findBinary(@Nullable String configured) {
		if (configured != null) {
			return new File(configured).canExecute() ? configured : null;
		}
		for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(folder, "etcd");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

	/**
	 * Starts etcd with the binary and one backend per name; no backend is registered yet.
	 */
	static EmbeddedEtcdBackends start(String binary, List<String> names, Duration work) {
		Path dataDir = null;
		Process etcd = null;
		List<GreeterBackend> backends = new ArrayList<>();
		try {
			dataDir = Files.createTempDirectory("dialtone-sample-etcd");
			String endpoint = "http://127.0.0.1:" + freePort();
			String peer = "http://127.0.0.1:" + freePort();
			etcd = new ProcessBuilder(binary, "--name", "sample", "--data-dir", dataDir.resolve("data").toString(),
					"--listen-client-urls", endpoint, "--advertise-client-urls", endpoint, "--listen-peer-urls", peer,
					"--initial-advertise-peer-urls", peer, "--initial-cluster", "sample=" + peer,
					"--initial-cluster-state", "new")
				.redirectErrorStream(true)
				.redirectOutput(dataDir.resolve("etcd.log").toFile())
				.start();
			Client client = Client.builder().endpoints(URI.create(endpoint)).build();
			awaitServing(etcd, client, dataDir);
			for (String name : names) {
				backends.add(GreeterBackend.start(name, work));
			}
			return new EmbeddedEtcdBackends(etcd, dataDir, endpoint, client, backends);
		}
		catch (IOException | RuntimeException ex) {
			backends.forEach(GreeterBackend::kill);
			if (etcd != null) {
				etcd.destroyForcibly();
			}
			if (dataDir != null) {
				FileSystemUtils.deleteRecursively(dataDir.toFile());
			}
			throw new IllegalStateException("Could not start etcd (" + binary + ") for the sample's etcd act", ex);
		}
	}

	private static void awaitServing(Process etcd, Client client, Path dataDir) {
		// Serving means a write goes through: etcd has elected itself leader.
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		while (true) {
			if (!etcd.isAlive()) {
				throw new IllegalStateException("etcd stopped; its log is " + dataDir.resolve("etcd.log"));
			}
			try {
				client.getKVClient().put(bytes("sample/ready"), bytes("yes")).get(1, TimeUnit.SECONDS);
				return;
			}
			catch (Exception ex) {
				if (System.nanoTime() > deadline) {
					throw new IllegalStateException("etcd did not serve within " + START_TIMEOUT, ex);
				}
				pauseBeforeNextTry();
			}
		}
	}

	private static void pauseBeforeNextTry() {
		try {
			// A refused connection fails at once: give etcd a moment before asking again.
			Thread.sleep(100);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while waiting for etcd", ex);
		}
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	public List<GreeterBackend> all() {
		return this.backends;
	}

	/**
	 * etcd's client URL, for {@code grpc.client.etcd.endpoints}.
	 */
	public String endpoint() {
		return this.endpoint;
	}

	/**
	 * The channel target that finds the registered backends.
	 */
	public String target() {
		return "etcd:///" + SERVICE;
	}

	/**
	 * Registers the backend as a server does: its key under a lease of the given time to live,
	 * kept alive until the registration stops it.
	 */
	public Registration register(GreeterBackend backend, Duration ttl) {
		String key = SERVICE + "/" + backend.address();
		try {
			long lease = this.client.getLeaseClient()
				.grant(ttl.toSeconds())
				.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.getID();
			CloseableClient keepAlive = this.client.getLeaseClient().keepAlive(lease, new Ignored());
			this.client.getKVClient()
				.put(bytes(key), bytes(backend.address()), PutOption.builder().withLeaseId(lease).build())
				.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return new Registration(key, keepAlive);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not register " + key + " in etcd", ex);
		}
	}

	/**
	 * Whether etcd still holds the key.
	 */
	public boolean holds(Registration registration) {
		try {
			return this.client.getKVClient()
				.get(bytes(registration.key()))
				.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.getCount() > 0;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not read " + registration.key() + " from etcd", ex);
		}
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	@Override
	public void close() {
		this.client.close();
		this.backends.forEach(GreeterBackend::kill);
		this.etcd.destroy();
		try {
			if (!this.etcd.waitFor(10, TimeUnit.SECONDS)) {
				this.etcd.destroyForcibly();
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		FileSystemUtils.deleteRecursively(this.dataDir.toFile());
	}

	/**
	 * A backend's key and the keep-alive of its lease.
	 * @param key the key, {@code greeter/<host:port>}
	 * @param keepAlive what keeps the lease alive
	 */
	public record Registration(String key, CloseableClient keepAlive) {

		/**
		 * Stops keeping the lease alive, as a crashed server does: etcd deletes the key once the
		 * lease's time to live has passed.
		 */
		public void stopKeepAlive() {
			this.keepAlive.close();
		}

	}

	private static final class Ignored implements StreamObserver<LeaseKeepAliveResponse> {

		@Override
		public void onNext(LeaseKeepAliveResponse value) {
		}

		@Override
		public void onError(Throwable t) {
			// The lease then expires, which is what the act watches for.
		}

		@Override
		public void onCompleted() {
		}

	}

}
