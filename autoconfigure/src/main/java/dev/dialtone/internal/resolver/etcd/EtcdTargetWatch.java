package dev.dialtone.internal.resolver.etcd;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

import io.etcd.jetcd.ByteSequence;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.KeyValue;
import io.etcd.jetcd.Watch;
import io.etcd.jetcd.common.exception.CompactedException;
import io.etcd.jetcd.kv.GetResponse;
import io.etcd.jetcd.options.GetOption;
import io.etcd.jetcd.options.WatchOption;
import io.etcd.jetcd.watch.WatchEvent;
import io.etcd.jetcd.watch.WatchResponse;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dialtone.internal.resolver.RefreshSchedule;
import dev.dialtone.internal.resolver.RefreshingNameResolver;

/**
 * The backends written under one key prefix, kept current for every channel whose target is that
 * prefix: one read of every key under it, then a watch from the revision after that read, so that
 * each change is applied in order, with no gap and no read again. A failed watch (a compacted
 * revision, a lost connection, a cancelled watch) leads to a fresh read and a new watch, with
 * backoff; a failed read marks etcd unreachable until a read succeeds, and the channels keep the
 * addresses they have. A read in full also happens when a channel looks up after its refresh
 * interval, as a fallback should a watch stop delivering without failing.
 * <p>
 * Every field but the final ones is read and written on Dialtone's etcd thread only: jetcd's
 * callbacks hop onto it, and channels hear of a change through {@link RefreshingNameResolver#pushed()},
 * which hops into their own synchronization context.
 */
final class EtcdTargetWatch {

	private static final Log logger = LogFactory.getLog(EtcdTargetWatch.class);

	private static final int VALUE_SHOWN = 100;

	/** A read that takes longer has failed, whatever jetcd does with it after. */
	static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

	private final String prefix;

	private final ByteSequence prefixKey;

	private final Client client;

	private final String cluster;

	private final ScheduledExecutorService thread;

	private final Executor onThread;

	private final RefreshSchedule reconnect;

	private final LongSupplier nanoTime;

	private final Set<RefreshingNameResolver> listeners = ConcurrentHashMap.newKeySet();

	/** The backend of each key with a readable value, by key. */
	private final Map<String, InetSocketAddress> addresses = new TreeMap<>();

	/** The value of each key that was skipped as unreadable, so that it is warned about once. */
	private final Map<String, String> unreadable = new HashMap<>();

	/** Lookups made before the first read answered. */
	private final List<CompletableFuture<Void>> firstRead = new ArrayList<>();

	/** The etcd revision that {@link #addresses} reflect. */
	private long revision;

	private boolean started;

	/** A read has succeeded: {@link #addresses} are etcd's, as of {@link #revision}. */
	private boolean read;

	/** Why the last read failed (etcd unreachable, or refusing), or null when it succeeded. */
	private EtcdReadException unreachable;

	private int failures;

	/** Counts reads and watches, so that answers of a replaced one are ignored. */
	private int generation;

	private Watch.Watcher watcher;

	private ScheduledFuture<?> nextRead;

	private CompletableFuture<Void> readInFull;

	private long lastReadNanos;

	private boolean closed;

	/**
	 * @param prefix the key prefix, ending with {@code /}
	 * @param client the etcd client shared by every target
	 * @param cluster the cluster for log lines and errors, with no credentials
	 * @param thread Dialtone's etcd thread
	 * @param reconnect how long to wait before reading again after failures
	 * @param nanoTime the clock of the refresh interval
	 */
	EtcdTargetWatch(String prefix, Client client, String cluster, ScheduledExecutorService thread,
			RefreshSchedule reconnect, LongSupplier nanoTime) {
		this.prefix = prefix;
		this.prefixKey = ByteSequence.from(prefix, StandardCharsets.UTF_8);
		this.client = client;
		this.cluster = cluster;
		this.thread = thread;
		this.onThread = (task) -> {
			try {
				thread.execute(task);
			}
			catch (RejectedExecutionException ex) {
				// Closed: nothing is listening any more.
			}
		};
		this.reconnect = reconnect;
		this.nanoTime = nanoTime;
	}

	String prefix() {
		return this.prefix;
	}

	/**
	 * A channel's resolver hears of every change from now on; the first one starts the watch.
	 */
	void listen(RefreshingNameResolver resolver) {
		this.listeners.add(resolver);
		this.onThread.execute(() -> {
			if (!this.started && !this.closed) {
				this.started = true;
				read();
			}
		});
	}

	void stopListening(RefreshingNameResolver resolver) {
		this.listeners.remove(resolver);
	}

	/**
	 * The backends as a channel's lookup answers: what the watch holds, read again in full first
	 * when the last full read is older than the channel's refresh interval. Fails while etcd is
	 * unreachable, so that the channel keeps its addresses and says why.
	 * @param refreshInterval the channel's refresh interval
	 */
	CompletableFuture<RefreshingNameResolver.Answer> answer(Duration refreshInterval) {
		// The thread itself, not onThread: once closed, the lookup fails rather than never answering.
		return CompletableFuture.supplyAsync(() -> answerOnThread(refreshInterval), this.thread)
			.thenCompose((answer) -> answer);
	}

	private CompletableFuture<RefreshingNameResolver.Answer> answerOnThread(Duration refreshInterval) {
		if (this.closed) {
			return CompletableFuture.failedFuture(new IllegalStateException("etcd resolution is closed"));
		}
		if (!this.read) {
			if (this.unreachable != null) {
				return CompletableFuture.failedFuture(this.unreachable);
			}
			CompletableFuture<Void> first = new CompletableFuture<>();
			this.firstRead.add(first);
			return first.thenApply((ignored) -> snapshot(refreshInterval));
		}
		if (this.unreachable != null) {
			return CompletableFuture.failedFuture(this.unreachable);
		}
		if (this.nanoTime.getAsLong() - this.lastReadNanos >= refreshInterval.toNanos()) {
			return readInFull().thenApply((ignored) -> snapshot(refreshInterval));
		}
		return CompletableFuture.completedFuture(snapshot(refreshInterval));
	}

	private RefreshingNameResolver.Answer snapshot(Duration refreshInterval) {
		Duration sinceRead = Duration.ofNanos(this.nanoTime.getAsLong() - this.lastReadNanos);
		Duration untilNextRead = refreshInterval.minus(sinceRead);
		return RefreshingNameResolver.Answer.of(new ArrayList<>(new LinkedHashSet<>(this.addresses.values())),
				untilNextRead.isNegative() ? Duration.ZERO : untilNextRead);
	}

	/**
	 * Reads every key and starts a watch from the revision after that read.
	 */
	private void read() {
		if (this.closed) {
			return;
		}
		this.nextRead = null;
		int generation = ++this.generation;
		closeWatcher();
		get().whenCompleteAsync((response, failure) -> onRead(generation, response, failure), this.onThread);
	}

	private CompletableFuture<GetResponse> get() {
		try {
			return this.client.getKVClient()
				.get(this.prefixKey, GetOption.builder().isPrefix(true).build())
				.orTimeout(READ_TIMEOUT.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RuntimeException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void onRead(int generation, GetResponse response, Throwable failure) {
		if (this.closed || generation != this.generation) {
			return;
		}
		if (failure != null) {
			this.unreachable = new EtcdReadException(this.cluster, cause(failure));
			this.failures++;
			Duration delay = this.reconnect.afterFailures(this.failures);
			logger.warn("Reading the etcd keys under " + this.prefix + " failed: " + this.unreachable.getMessage()
					+ "; reading them again in " + delay.toMillis() + " ms");
			this.firstRead.forEach((first) -> first.completeExceptionally(this.unreachable));
			this.firstRead.clear();
			this.nextRead = this.thread.schedule(this::read, delay.toNanos(), TimeUnit.NANOSECONDS);
			pushToListeners();
			return;
		}
		boolean wasUnreachable = this.unreachable != null;
		replace(response.getKvs(), response.getHeader().getRevision());
		this.read = true;
		this.unreachable = null;
		this.failures = 0;
		if (wasUnreachable) {
			logger.info("Read the etcd keys under " + this.prefix + " again: " + this.addresses.size()
					+ " backend(s)");
		}
		this.firstRead.forEach((first) -> first.complete(null));
		this.firstRead.clear();
		watchFrom(this.revision + 1);
		pushToListeners();
	}

	/**
	 * For tests: stops the watch without reading again, as if it had stopped delivering.
	 * @return the revision the backends are known at
	 */
	CompletableFuture<Long> stopWatching() {
		return CompletableFuture.supplyAsync(() -> {
			this.generation++;
			closeWatcher();
			return this.revision;
		}, this.thread);
	}

	/**
	 * For tests: watches from the given revision, e.g. one etcd has compacted, which otherwise only
	 * a race between a read and its watch makes happen.
	 */
	CompletableFuture<Void> restartWatchFrom(long startRevision) {
		return CompletableFuture.runAsync(() -> watchFrom(startRevision), this.thread);
	}

	private void watchFrom(long startRevision) {
		closeWatcher();
		int generation = ++this.generation;
		WatchOption option = WatchOption.builder().isPrefix(true).withRevision(startRevision).build();
		try {
			this.watcher = this.client.getWatchClient()
				.watch(this.prefixKey, option,
						Watch.listener((response) -> this.onThread.execute(() -> onEvents(generation, response)),
								(error) -> this.onThread.execute(() -> onWatchFailed(generation, error)),
								() -> this.onThread.execute(() -> onWatchFailed(generation,
										new IllegalStateException("etcd ended the watch")))));
		}
		catch (RuntimeException ex) {
			onWatchFailed(generation, ex);
		}
	}

	private void onEvents(int generation, WatchResponse response) {
		if (this.closed || generation != this.generation) {
			return;
		}
		// The events of one transaction share a revision: those the state already holds are older.
		long applied = this.revision;
		boolean changed = false;
		for (WatchEvent event : response.getEvents()) {
			KeyValue kv = event.getKeyValue();
			if (kv.getModRevision() <= applied) {
				continue;
			}
			String key = kv.getKey().toString(StandardCharsets.UTF_8);
			if (event.getEventType() == WatchEvent.EventType.PUT) {
				changed |= put(key, kv.getValue().toString(StandardCharsets.UTF_8));
			}
			else if (event.getEventType() == WatchEvent.EventType.DELETE) {
				this.unreadable.remove(key);
				changed |= this.addresses.remove(key) != null;
			}
			this.revision = Math.max(this.revision, kv.getModRevision());
		}
		if (changed) {
			pushToListeners();
		}
	}

	private void onWatchFailed(int generation, Throwable error) {
		if (this.closed || generation != this.generation) {
			return;
		}
		this.generation++;
		closeWatcher();
		Throwable cause = cause(error);
		this.failures++;
		Duration delay = this.reconnect.afterFailures(this.failures);
		if (cause instanceof CompactedException compacted) {
			logger.info("etcd compacted the revisions the watch of " + this.prefix + " needed (up to "
					+ compacted.getCompactedRevision() + "); reading the keys again in " + delay.toMillis() + " ms");
		}
		else {
			logger.warn("The watch of the etcd keys under " + this.prefix + " failed ("
					+ EtcdReadException.describe(cause) + "); reading them again in " + delay.toMillis()
					+ " ms");
		}
		// Until then the addresses the watch last had stand: they were etcd's as of their revision.
		this.nextRead = this.thread.schedule(this::read, delay.toNanos(), TimeUnit.NANOSECONDS);
	}

	/**
	 * Reads every key again, for a lookup after the refresh interval; the watch goes on. Lookups of
	 * several channels share one read.
	 */
	private CompletableFuture<Void> readInFull() {
		if (this.readInFull == null) {
			int generation = this.generation;
			this.readInFull = get().handleAsync((response, failure) -> {
				this.readInFull = null;
				if (failure != null) {
					throw new EtcdReadException(this.cluster, cause(failure));
				}
				this.lastReadNanos = this.nanoTime.getAsLong();
				if (!this.closed && generation == this.generation
						&& response.getHeader().getRevision() > this.revision) {
					Set<InetSocketAddress> before = new LinkedHashSet<>(this.addresses.values());
					replace(response.getKvs(), response.getHeader().getRevision());
					if (!before.equals(new LinkedHashSet<>(this.addresses.values()))) {
						logger.info("A full read of the etcd keys under " + this.prefix
								+ " found changes the watch had not delivered yet");
						pushToListeners();
					}
				}
				return null;
			}, this.onThread);
		}
		return this.readInFull;
	}

	private void replace(List<KeyValue> kvs, long atRevision) {
		Set<String> keys = new LinkedHashSet<>();
		for (KeyValue kv : kvs) {
			String key = kv.getKey().toString(StandardCharsets.UTF_8);
			keys.add(key);
			put(key, kv.getValue().toString(StandardCharsets.UTF_8));
		}
		this.addresses.keySet().retainAll(keys);
		this.unreadable.keySet().retainAll(keys);
		this.revision = atRevision;
		this.lastReadNanos = this.nanoTime.getAsLong();
	}

	/**
	 * @return whether the key's backend changed
	 */
	private boolean put(String key, String value) {
		InetSocketAddress address;
		try {
			address = EtcdEndpointValue.address(value);
		}
		catch (IllegalArgumentException ex) {
			if (!value.equals(this.unreadable.put(key, value))) {
				logger.warn("Skipping the etcd key " + key + ": " + ex.getMessage() + " (value '" + shown(value)
						+ "')");
			}
			return this.addresses.remove(key) != null;
		}
		this.unreadable.remove(key);
		return !address.equals(this.addresses.put(key, address));
	}

	private void pushToListeners() {
		this.listeners.forEach(RefreshingNameResolver::pushed);
	}

	private void closeWatcher() {
		if (this.watcher != null) {
			Watch.Watcher closing = this.watcher;
			this.watcher = null;
			try {
				closing.close();
			}
			catch (RuntimeException ex) {
				logger.debug("Closing the watch of " + this.prefix + " failed", ex);
			}
		}
	}

	/**
	 * Stops watching and reading; on the etcd thread.
	 */
	void close() {
		this.closed = true;
		this.generation++;
		if (this.nextRead != null) {
			this.nextRead.cancel(false);
		}
		closeWatcher();
		IllegalStateException closedNow = new IllegalStateException("etcd resolution is closed");
		this.firstRead.forEach((first) -> first.completeExceptionally(closedNow));
		this.firstRead.clear();
	}

	private static Throwable cause(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		return cause;
	}

	private static String shown(String value) {
		return (value.length() > VALUE_SHOWN) ? value.substring(0, VALUE_SHOWN) + "..." : value;
	}

}
