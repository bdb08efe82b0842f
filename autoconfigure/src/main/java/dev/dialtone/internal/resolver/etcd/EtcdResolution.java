package dev.dialtone.internal.resolver.etcd;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.etcd.jetcd.Client;
import org.jspecify.annotations.Nullable;

import dev.dialtone.internal.resolver.DaemonThreads;
import dev.dialtone.internal.resolver.RefreshSchedule;
import dev.dialtone.internal.resolver.RefreshingNameResolver;
import dev.dialtone.internal.resolver.RegistryNameResolverProvider;
import dev.dialtone.internal.resolver.ResolutionDefaults;

/**
 * Dialtone's resolution of {@code etcd:} targets: the one etcd client of the application, one
 * {@link EtcdTargetWatch} per key prefix shared by every channel with that target, and the one
 * thread on which they all do their work. Nothing connects to etcd until a channel resolves an
 * {@code etcd:} target; a target's watch then lasts until this is closed, after the channels that
 * use it.
 */
public final class EtcdResolution implements AutoCloseable {

	/** Reading again after failures backs off up to this, or the refresh interval if shorter. */
	static final Duration MAX_RECONNECT_BACKOFF = Duration.ofSeconds(5);

	private final EtcdCluster cluster;

	private final @Nullable Client client;

	private final ResolutionDefaults defaults;

	private final ScheduledThreadPoolExecutor thread;

	private final Map<String, EtcdTargetWatch> targets = new ConcurrentHashMap<>();

	/**
	 * @param cluster where the backends are written
	 * @param defaults the refresh and minimum intervals, which also bound the backoff of reading
	 * again after etcd failed
	 */
	public EtcdResolution(EtcdCluster cluster, ResolutionDefaults defaults) {
		this.cluster = cluster;
		this.client = cluster.configured() ? EtcdClients.create(cluster) : null;
		this.defaults = defaults;
		this.thread = DaemonThreads.scheduler("dialtone-etcd");
	}

	/**
	 * Whether an etcd cluster is configured, without which an {@code etcd:} target cannot work.
	 */
	boolean configured() {
		return this.client != null;
	}

	/**
	 * A provider of the {@code etcd} scheme for one channel.
	 * @param service the target's service: its backends are the keys under {@code service/}
	 * @param refreshInterval how often the channel reads every key again besides the watch
	 */
	RegistryNameResolverProvider provider(String service, Duration refreshInterval) {
		EtcdTargetWatch target = target(this.cluster.keyPrefix() + service + "/");
		return new RegistryNameResolverProvider(EtcdScheme.SCHEME, service, () -> lookup(target, refreshInterval),
				this.thread, target::listen, target::stopListening, refreshInterval, this.defaults.minInterval(),
				"prefix=" + target.prefix());
	}

	/**
	 * A channel's lookup: what the target's watch holds, read again in full when older than the
	 * channel's refresh interval.
	 */
	private static RefreshingNameResolver.Lookup lookup(EtcdTargetWatch target, Duration refreshInterval) {
		return new RefreshingNameResolver.Lookup() {

			@Override
			public CompletableFuture<RefreshingNameResolver.Answer> lookUp() {
				return target.answer(refreshInterval);
			}

			@Override
			public String describe() {
				return "etcd lookup of the keys under " + target.prefix();
			}

		};
	}

	/**
	 * The watch of a key prefix, shared by every channel whose target is that prefix.
	 */
	EtcdTargetWatch target(String prefix) {
		if (this.client == null) {
			throw new IllegalStateException("No etcd endpoints are configured");
		}
		Duration maxBackoff = (this.defaults.refreshInterval().compareTo(MAX_RECONNECT_BACKOFF) < 0)
				? this.defaults.refreshInterval() : MAX_RECONNECT_BACKOFF;
		return this.targets.computeIfAbsent(prefix, (key) -> new EtcdTargetWatch(key, this.client,
				this.cluster.describe(), this.thread, new RefreshSchedule(maxBackoff, this.defaults.minInterval()),
				System::nanoTime));
	}

	@Override
	public String toString() {
		return "EtcdResolution[" + this.cluster + "]";
	}

	@Override
	public void close() {
		try {
			// On the etcd thread, where the watches' state lives; the thread then stops.
			this.thread.submit(() -> this.targets.values().forEach(EtcdTargetWatch::close)).get(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (ExecutionException | TimeoutException | RejectedExecutionException ex) {
			// Closing the client below ends every watch anyway.
		}
		finally {
			this.thread.shutdownNow();
			if (this.client != null) {
				this.client.close();
			}
		}
	}

}
