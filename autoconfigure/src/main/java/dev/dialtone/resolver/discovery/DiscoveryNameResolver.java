package dev.dialtone.resolver.discovery;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.grpc.SynchronizationContext.ScheduledHandle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dialtone.resolver.RefreshSchedule;

/**
 * Resolves one {@code discovery:} target through the registry now, then every refresh interval,
 * when the registry signals a change ({@link #registryChanged()}) and when grpc-java asks (a
 * connection failed); never more often than the minimum interval.
 * <p>
 * A failing registry or an empty instance list keeps the last good addresses: a registry outage
 * never empties a channel that has backends. The load balancer hears of an answer only when the set
 * of addresses changed, and always after grpc-java asked, since grpc-java resets its own backoff on
 * an answer.
 * <p>
 * Every field but the final ones is read and written in the channel's
 * {@link SynchronizationContext}; the registry is asked on the shared discovery thread, and the
 * answer hops back.
 */
final class DiscoveryNameResolver extends NameResolver {

	private static final Log logger = LogFactory.getLog(DiscoveryNameResolver.class);

	private final String serviceId;

	private final ServiceInstanceAddresses instances;

	private final ScheduledExecutorService scheduler;

	private final SynchronizationContext syncContext;

	private final RefreshSchedule schedule;

	/** The resolvers that hear of registry changes; this one while it runs. */
	private final Set<DiscoveryNameResolver> listening;

	private Listener2 listener;

	/** The last good addresses, null until a lookup found some. */
	private List<EquivalentAddressGroup> addresses;

	private boolean resolving;

	/** grpc-java asked for a resolution: the next outcome is reported even if nothing changed. */
	private boolean answerOwed;

	/** The registry changed while a lookup was in flight, which may have missed the change. */
	private boolean stale;

	private long lastLookupNanos;

	private int failures;

	/** The one scheduled lookup, and when it is due. */
	private ScheduledHandle next;

	private long nextNanos;

	private boolean shutdown;

	DiscoveryNameResolver(String serviceId, ServiceInstanceAddresses instances, ScheduledExecutorService scheduler,
			SynchronizationContext syncContext, RefreshSchedule schedule, Set<DiscoveryNameResolver> listening) {
		this.serviceId = serviceId;
		this.instances = instances;
		this.scheduler = scheduler;
		this.syncContext = syncContext;
		this.schedule = schedule;
		this.listening = listening;
	}

	@Override
	public String getServiceAuthority() {
		return this.serviceId;
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		this.answerOwed = true;
		this.listening.add(this);
		lookUp();
	}

	@Override
	public void refresh() {
		this.answerOwed = true;
		lookUpSoon();
	}

	/**
	 * The registry's catalog may have changed; safe to call from any thread.
	 */
	void registryChanged() {
		this.syncContext.execute(() -> {
			if (this.resolving) {
				this.stale = true;
			}
			else {
				lookUpSoon();
			}
		});
	}

	/**
	 * Looks up now, or as soon as the minimum interval since the last lookup allows.
	 */
	private void lookUpSoon() {
		if (this.resolving || this.shutdown || this.listener == null) {
			return;
		}
		long wait = this.lastLookupNanos + this.schedule.minInterval().toNanos() - System.nanoTime();
		if (wait <= 0) {
			lookUp();
		}
		else if (this.next == null || this.nextNanos - System.nanoTime() > wait) {
			scheduleLookUp(Duration.ofNanos(wait));
		}
	}

	private void scheduleLookUp(Duration delay) {
		cancelNext();
		this.nextNanos = System.nanoTime() + delay.toNanos();
		this.next = this.syncContext.schedule(this::lookUp, delay.toNanos(), TimeUnit.NANOSECONDS,
				this.scheduler);
	}

	private void lookUp() {
		cancelNext();
		if (this.shutdown || this.resolving) {
			return;
		}
		this.resolving = true;
		this.stale = false;
		this.lastLookupNanos = System.nanoTime();
		this.scheduler.execute(() -> {
			List<InetSocketAddress> found = null;
			RuntimeException failure = null;
			try {
				found = this.instances.of(this.serviceId);
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			List<InetSocketAddress> answer = found;
			RuntimeException error = failure;
			this.syncContext.execute(() -> onOutcome(answer, error));
		});
	}

	private void onOutcome(List<InetSocketAddress> found, RuntimeException failure) {
		this.resolving = false;
		if (this.shutdown) {
			return;
		}
		if (failure != null || found.isEmpty()) {
			this.failures++;
			warn(failure);
			if (this.addresses == null) {
				reportError(failure);
			}
			else if (this.answerOwed) {
				report();
			}
			scheduleLookUp(this.schedule.afterFailures(this.failures));
		}
		else {
			this.failures = 0;
			List<EquivalentAddressGroup> groups = found.stream().map(EquivalentAddressGroup::new).toList();
			boolean changed = this.addresses == null || !new HashSet<>(groups).equals(new HashSet<>(this.addresses));
			if (changed) {
				logger.debug("Registry has " + this.serviceId + " at " + found);
				this.addresses = groups;
			}
			if (changed || this.answerOwed) {
				report();
			}
			scheduleLookUp(this.schedule.afterAnswer(this.schedule.refreshInterval()));
		}
		if (this.stale) {
			lookUpSoon();
		}
	}

	private void warn(RuntimeException failure) {
		String keeping = (this.addresses != null) ? "; keeping its " + this.addresses.size() + " known address(es)"
				: "; it has no address yet";
		if (failure != null) {
			logger.warn("Discovery of " + this.serviceId + " failed (" + failure + ")" + keeping);
		}
		else {
			logger.warn("Registry has no usable instance of " + this.serviceId + keeping);
		}
	}

	private void report() {
		this.answerOwed = false;
		Status accepted = this.listener.onResult2(
				ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(this.addresses)).build());
		if (!accepted.isOk()) {
			logger.debug("Addresses of " + this.serviceId + " not accepted: " + accepted);
		}
	}

	private void reportError(RuntimeException failure) {
		this.answerOwed = false;
		Status status = (failure != null)
				? Status.UNAVAILABLE.withDescription("Discovery of " + this.serviceId + " failed").withCause(failure)
				: Status.UNAVAILABLE.withDescription("Registry has no usable instance of " + this.serviceId);
		this.listener.onResult2(ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromStatus(status)).build());
	}

	private void cancelNext() {
		if (this.next != null) {
			this.next.cancel();
			this.next = null;
		}
	}

	@Override
	public void shutdown() {
		this.shutdown = true;
		this.listening.remove(this);
		cancelNext();
	}

}
