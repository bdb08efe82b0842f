package dev.dialtone.test;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import javax.net.ssl.SSLException;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import io.etcd.jetcd.options.PutOption;
import io.etcd.jetcd.support.CloseableClient;
import io.grpc.stub.StreamObserver;
import org.junit.jupiter.api.Assumptions;

import org.springframework.util.FileSystemUtils;

import static org.awaitility.Awaitility.await;

/**
 * A real etcd server (the {@code etcd} binary of Debian's {@code etcd-server} package) on free
 * loopback ports with a temporary data directory, which a test can stop and start again on the same
 * ports and data, as an etcd outage would. On a machine without the binary, {@link #start()} skips
 * the test saying what to install.
 */
public final class EmbeddedEtcd implements AutoCloseable {

	/** How long etcd has to start and elect itself leader on a busy machine. */
	private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

	private final String binary;

	private final Path dataDir;

	private final int clientPort;

	private final int peerPort;

	private final List<String> extraArguments;

	private final String scheme;

	/** The CA that signed etcd's certificate, for TLS; null for plain HTTP. */
	private final Path trustedCa;

	private Process process;

	private Client client;

	private EmbeddedEtcd(String binary, Path dataDir, int clientPort, int peerPort, Path trustedCa,
			List<String> extraArguments) {
		this.binary = binary;
		this.dataDir = dataDir;
		this.clientPort = clientPort;
		this.peerPort = peerPort;
		this.scheme = (trustedCa != null) ? "https" : "http";
		this.trustedCa = trustedCa;
		this.extraArguments = extraArguments;
	}

	/**
	 * Starts etcd on plain HTTP, or skips the calling test when there is no etcd binary.
	 */
	public static EmbeddedEtcd start() {
		return start(null, List.of());
	}

	/**
	 * Starts etcd serving clients over TLS with the certificate and key of a test CA (PEM files).
	 */
	public static EmbeddedEtcd startTls(TestCertificates certificates) {
		return start(certificates.ca(), List.of("--cert-file", certificates.serverCertificate().toString(),
				"--key-file", certificates.serverKey().toString()));
	}

	private static EmbeddedEtcd start(Path trustedCa, List<String> extraArguments) {
		String binary = findBinary();
		Assumptions.assumeTrue(binary != null,
				"No etcd binary on this machine: the etcd tests need it (apt-get install etcd-server)");
		try {
			EmbeddedEtcd etcd = new EmbeddedEtcd(binary, Files.createTempDirectory("dialtone-etcd"), freePort(),
					freePort(), trustedCa, extraArguments);
			etcd.startProcess();
			return etcd;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The binary named by the system property {@code dialtone.etcd.binary} (e.g. another etcd
	 * release), else {@code etcd} on the PATH; null when there is none.
	 */
	private static String findBinary() {
		String chosen = System.getProperty("dialtone.etcd.binary");
		if (chosen != null) {
			return new File(chosen).canExecute() ? chosen : null;
		}
		for (String folder : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
			File candidate = new File(folder, "etcd");
			if (candidate.canExecute()) {
				return candidate.getAbsolutePath();
			}
		}
		return null;
	}

	private static int freePort() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
			return socket.getLocalPort();
		}
	}

	/** The client URL, e.g. {@code http://127.0.0.1:40123}, for grpc.client.etcd.endpoints. */
	public String endpoint() {
		return this.scheme + "://127.0.0.1:" + this.clientPort;
	}

	/**
	 * A jetcd client of the test's own, to write keys and leases as servers do.
	 */
	public synchronized Client client() {
		if (this.client == null) {
			this.client = clientBuilder().build();
		}
		return this.client;
	}

	/**
	 * A builder of further clients, e.g. with TLS or a user.
	 */
	public ClientBuilder clientBuilder() {
		ClientBuilder builder = Client.builder().endpoints(URI.create(endpoint()));
		if (this.trustedCa != null) {
			try {
				builder.sslContext((tls) -> tls.trustManager(this.trustedCa.toFile()));
			}
			catch (SSLException ex) {
				throw new IllegalStateException(ex);
			}
		}
		return builder;
	}

	private void startProcess() throws IOException {
		String client = endpoint();
		String peer = "http://127.0.0.1:" + this.peerPort;
		List<String> command = new ArrayList<>(List.of(this.binary, "--name", "dialtone-test", "--data-dir",
				this.dataDir.resolve("data").toString(), "--listen-client-urls", client, "--advertise-client-urls",
				client, "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer, "--initial-cluster",
				"dialtone-test=" + peer, "--initial-cluster-state", "new"));
		command.addAll(this.extraArguments);
		this.process = new ProcessBuilder(command).redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(this.dataDir.resolve("etcd.log").toFile()))
			.start();
		awaitServing();
	}

	private void awaitServing() {
		// Serving means a write goes through: etcd has elected itself leader.
		try (Client probe = clientBuilder().build()) {
			await().atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(100)).ignoreExceptions().until(() -> {
				if (!this.process.isAlive()) {
					throw new AssertionError("etcd stopped; its log: " + log());
				}
				probe.getKVClient()
					.put(bytes("dialtone-test/ready"), bytes("yes"))
					.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
				return true;
			});
		}
	}

	/**
	 * Stops etcd as a crash or a restart would, keeping its data and ports.
	 */
	public void stop() {
		if (this.process != null && this.process.isAlive()) {
			this.process.destroy();
			try {
				if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
		}
	}

	/**
	 * Starts etcd again after {@link #stop()}, with the same data on the same ports.
	 */
	public void restart() {
		try {
			startProcess();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * How many watches etcd serves, as its metrics say.
	 */
	public int watchers() {
		try {
			HttpResponse<String> metrics = HttpClient.newHttpClient()
				.send(HttpRequest.newBuilder(URI.create(endpoint() + "/metrics")).timeout(CALL_TIMEOUT).build(),
						HttpResponse.BodyHandlers.ofString());
			return metrics.body()
				.lines()
				.filter((line) -> line.startsWith("etcd_debugging_mvcc_watcher_total "))
				.mapToInt((line) -> (int) Double.parseDouble(line.substring(line.indexOf(' ') + 1).trim()))
				.findFirst()
				.orElseThrow(() -> new IllegalStateException("etcd's metrics have no watcher count"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	public String log() {
		try {
			return Files.readString(this.dataDir.resolve("etcd.log"));
		}
		catch (IOException ex) {
			return "(no log: " + ex + ")";
		}
	}

	/**
	 * Writes a key without a lease.
	 * @return the revision of the write
	 */
	public long put(String key, String value) {
		try {
			return client().getKVClient()
				.put(bytes(key), bytes(value))
				.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.getHeader()
				.getRevision();
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not put " + key, ex);
		}
	}

	public void delete(String key) {
		try {
			client().getKVClient().delete(bytes(key)).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not delete " + key, ex);
		}
	}

	/**
	 * Compacts etcd's history up to the current revision.
	 * @return that revision
	 */
	public long compact() {
		try {
			long revision = client().getKVClient()
				.get(bytes("dialtone-test/ready"))
				.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.getHeader()
				.getRevision();
			client().getKVClient().compact(revision).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return revision;
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not compact", ex);
		}
	}

	/**
	 * Registers a server as servers do: its key, with a lease of the given time to live that is
	 * kept alive until the registration is closed.
	 */
	public Registration register(String key, String value, Duration ttl) {
		try {
			long lease = client().getLeaseClient()
				.grant(ttl.toSeconds())
				.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
				.getID();
			CloseableClient keepAlive = client().getLeaseClient().keepAlive(lease, new StreamObserver<>() {

				@Override
				public void onNext(io.etcd.jetcd.lease.LeaseKeepAliveResponse value) {
				}

				@Override
				public void onError(Throwable t) {
				}

				@Override
				public void onCompleted() {
				}

			});
			client().getKVClient()
				.put(bytes(key), bytes(value), PutOption.builder().withLeaseId(lease).build())
				.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			return new Registration(key, lease, keepAlive);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not register " + key, ex);
		}
	}

	/**
	 * Adds a root user with the given password and turns authentication on: from then on every
	 * client, the test's own included, must log in.
	 */
	public void enableAuthentication(String password) {
		try {
			var auth = client().getAuthClient();
			auth.userAdd(bytes("root"), bytes(password)).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			auth.userGrantRole(bytes("root"), bytes("root")).get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
			auth.authEnable().get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (Exception ex) {
			throw new IllegalStateException("Could not enable authentication", ex);
		}
		closeClient();
		this.client = clientBuilder().user(bytes("root")).password(bytes(password)).build();
	}

	private static ByteSequence bytes(String text) {
		return ByteSequence.from(text, StandardCharsets.UTF_8);
	}

	private synchronized void closeClient() {
		if (this.client != null) {
			this.client.close();
			this.client = null;
		}
	}

	@Override
	public void close() {
		closeClient();
		stop();
		FileSystemUtils.deleteRecursively(this.dataDir.toFile());
	}

	/**
	 * A server's key and the lease that keeps it.
	 */
	public final class Registration implements AutoCloseable {

		private final String key;

		private final long lease;

		private final CloseableClient keepAlive;

		private Registration(String key, long lease, CloseableClient keepAlive) {
			this.key = key;
			this.lease = lease;
			this.keepAlive = keepAlive;
		}

		public String key() {
			return this.key;
		}

		/**
		 * Stops keeping the lease alive, as a crashed server does: etcd deletes the key once the
		 * lease's time to live has passed.
		 */
		public void stopKeepAlive() {
			this.keepAlive.close();
		}

		/**
		 * Whether etcd still holds the key.
		 */
		public boolean exists() {
			try {
				return client().getKVClient()
					.get(bytes(this.key))
					.get(CALL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
					.getCount() > 0;
			}
			catch (Exception ex) {
				throw new IllegalStateException("Could not read " + this.key, ex);
			}
		}

		@Override
		public void close() {
			this.keepAlive.close();
		}

	}

}
