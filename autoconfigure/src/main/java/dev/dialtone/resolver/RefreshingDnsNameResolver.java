package dev.dialtone.resolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.CompletionException;
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

/**
 * Resolves one {@code dns:} target now, then again on a schedule ({@link RefreshSchedule}) and when
 * grpc-java asks (a connection failed), never more often than the minimum interval.
 * <p>
 * A failed lookup or an empty answer keeps the last good addresses: a DNS hiccup never empties a
 * channel. The load balancer hears of an answer only when the set of addresses changed, and
 * always after grpc-java asked, since grpc-java resets its own backoff on an answer.
 * <p>
 * Every field is read and written in the channel's {@link SynchronizationContext}; the lookups
 * themselves run on the shared scheduler and hop back.
 */
final class RefreshingDnsNameResolver extends NameResolver {

	private static final Log logger = LogFactory.getLog(RefreshingDnsNameResolver.class);

	private final DnsTarget target;

	private final DnsLookup lookup;

	private final ScheduledExecutorService scheduler;

	private final SynchronizationContext syncContext;

	private final RefreshSchedule schedule;

	private Listener2 listener;

	/** The last good addresses, null until a lookup found some. */
	private List<EquivalentAddressGroup> addresses;

	private boolean resolving;

	/** grpc-java asked for a resolution: the next outcome is reported even if nothing changed. */
	private boolean answerOwed;

	private long lastLookupNanos;

	private int failures;

	/** The one scheduled lookup, and when it is due. */
	private ScheduledHandle next;

	private long nextNanos;

	private boolean shutdown;

	RefreshingDnsNameResolver(DnsTarget target, DnsLookup lookup, ScheduledExecutorService scheduler,
			SynchronizationContext syncContext, RefreshSchedule schedule) {
		this.target = target;
		this.lookup = lookup;
		this.scheduler = scheduler;
		this.syncContext = syncContext;
		this.schedule = schedule;
	}

	@Override
	public String getServiceAuthority() {
		return this.target.authority();
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		this.answerOwed = true;
		InetSocketAddress literal = this.target.literal();
		if (literal != null) {
			// An IP address needs no lookup and never changes.
			this.addresses = List.of(new EquivalentAddressGroup(literal));
			report();
			return;
		}
		lookUp();
	}

	@Override
	public void refresh() {
		this.answerOwed = true;
		if (this.target.literal() != null) {
			report();
			return;
		}
		if (this.resolving || this.shutdown) {
			// The lookup in flight answers.
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
		this.lastLookupNanos = System.nanoTime();
		this.scheduler.execute(() -> {
			try {
				this.lookup.resolve(this.target)
					.whenComplete((answer, failure) -> this.syncContext.execute(() -> onOutcome(answer, failure)));
			}
			catch (RuntimeException ex) {
				// A lookup that cannot even start is a failed lookup, not a resolver stuck in "resolving".
				this.syncContext.execute(() -> onOutcome(null, ex));
			}
		});
	}

	private void onOutcome(DnsAnswer answer, Throwable failure) {
		this.resolving = false;
		if (this.shutdown) {
			return;
		}
		if (failure != null || answer.addresses().isEmpty()) {
			this.failures++;
			warn(failure);
			if (this.addresses != null) {
				if (this.answerOwed) {
					report();
				}
			}
			else {
				reportError(failure);
			}
			scheduleLookUp(this.schedule.afterFailures(this.failures));
			return;
		}
		this.failures = 0;
		List<EquivalentAddressGroup> found = answer.addresses().stream().map(EquivalentAddressGroup::new).toList();
		boolean changed = this.addresses == null || !new HashSet<>(found).equals(new HashSet<>(this.addresses));
		if (changed) {
			logger.debug("Resolved " + this.target.authority() + " to " + answer.addresses());
			this.addresses = found;
		}
		if (changed || this.answerOwed) {
			report();
		}
		scheduleLookUp(this.schedule.afterAnswer(answer.ttl()));
	}

	private void warn(Throwable failure) {
		String keeping = (this.addresses != null) ? "; keeping its " + this.addresses.size() + " known address(es)"
				: "; it has no address yet";
		if (failure != null) {
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			logger.warn("DNS lookup of " + this.target.authority() + " failed (" + cause + ")" + keeping);
		}
		else {
			logger.warn("DNS lookup of " + this.target.authority() + " found no address" + keeping);
		}
	}

	private void report() {
		this.answerOwed = false;
		Status accepted = this.listener.onResult2(
				ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(this.addresses)).build());
		if (!accepted.isOk()) {
			logger.debug("Addresses of " + this.target.authority() + " not accepted: " + accepted);
		}
	}

	private void reportError(Throwable failure) {
		this.answerOwed = false;
		String reason = (failure != null) ? "DNS lookup of " + this.target.authority() + " failed"
				: "DNS has no address for " + this.target.authority();
		Status status = Status.UNAVAILABLE.withDescription(reason);
		if (failure != null) {
			status = status.withCause((failure instanceof CompletionException) ? failure.getCause() : failure);
		}
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
		cancelNext();
	}

}
