package dev.dialtone.internal.resolver;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Predicate;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.StatusOr;
import io.grpc.SynchronizationContext;
import io.grpc.SynchronizationContext.ScheduledHandle;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Resolves one target now, then again on a schedule ({@link RefreshSchedule}), when grpc-java asks
 * (a connection failed) and when its source says something changed ({@link #changed()}); never
 * more often than the minimum interval, except when the source pushes a new answer that costs
 * nothing to read ({@link #pushed()}). What a lookup is, a DNS query, a registry call or a watched
 * snapshot, is the {@link Lookup}'s business.
 * <p>
 * A failed lookup or an empty answer keeps the last good addresses: a DNS or registry hiccup never
 * empties a channel. An answer only partly there ({@link Missing}) keeps each last good address that
 * the failed part could have held. A lookup that throws anything, or does not answer within the
 * schedule's lookup timeout, is a failed lookup: it is logged, counted and the next one scheduled. The load balancer hears of an answer only when the set of addresses changed,
 * and always after grpc-java asked, since grpc-java resets its own backoff on an answer.
 * <p>
 * Every field but the final ones is read and written in the channel's
 * {@link SynchronizationContext}; lookups run on the shared scheduler and the answer hops back.
 */
public final class RefreshingNameResolver extends NameResolver {

	private static final Log logger = LogFactory.getLog(RefreshingNameResolver.class);

	private final String authority;

	private final Lookup lookup;

	private final ScheduledExecutorService scheduler;

	private final SynchronizationContext syncContext;

	private final RefreshSchedule schedule;

	private final ResolutionObserver observer;

	private final Consumer<RefreshingNameResolver> onShutdown;

	private Listener2 listener;

	/** The last good addresses, null until a lookup found some. */
	private List<EquivalentAddressGroup> addresses;

	private boolean resolving;

	/** grpc-java asked for a resolution: the next outcome is reported even if nothing changed. */
	private boolean answerOwed;

	/** The source changed while a lookup was in flight, which may have missed the change. */
	private boolean stale;

	/** What changed while a lookup was in flight was pushed: look again at once. */
	private boolean stalePushed;

	private long lastLookupNanos;

	private int failures;

	/** The one scheduled lookup, and when it is due. */
	private ScheduledHandle next;

	private long nextNanos;

	private boolean shutdown;

	/**
	 * @param authority the channel's authority, also named in log lines
	 * @param lookup finds the target's addresses
	 * @param scheduler the shared thread lookups run on
	 * @param args the channel's resolver arguments: its synchronization context and, from Dialtone's
	 * channels, a {@link ResolutionObserver}
	 * @param schedule when to look up next
	 * @param onShutdown told once when the channel shuts the resolver down
	 */
	public RefreshingNameResolver(String authority, Lookup lookup, ScheduledExecutorService scheduler,
			NameResolver.Args args, RefreshSchedule schedule, Consumer<RefreshingNameResolver> onShutdown) {
		this.authority = authority;
		this.lookup = lookup;
		this.scheduler = scheduler;
		this.syncContext = args.getSynchronizationContext();
		this.schedule = schedule;
		ResolutionObserver observer = args.getArg(ResolutionObserver.ARG);
		this.observer = (observer != null) ? observer : new ResolutionObserver() {

			@Override
			public void lookupFailed(Status status) {
			}

			@Override
			public void lookupSucceeded() {
			}

		};
		this.onShutdown = onShutdown;
	}

	@Override
	public String getServiceAuthority() {
		return this.authority;
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		this.answerOwed = true;
		lookUp();
	}

	@Override
	public void refresh() {
		this.answerOwed = true;
		lookUpSoon();
	}

	/**
	 * The source of addresses may have changed (a registry heartbeat); safe to call from any thread.
	 */
	public void changed() {
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
	 * The source holds a new answer that it gives without asking anyone (a watched snapshot): looks
	 * up at once, without waiting for the minimum interval, which only spares sources that are
	 * asked. Safe to call from any thread; answers pushed while a lookup is in flight are read by
	 * one lookup after it.
	 */
	public void pushed() {
		this.syncContext.execute(() -> {
			if (this.resolving) {
				this.stale = true;
				this.stalePushed = true;
			}
			else if (!this.shutdown && this.listener != null) {
				lookUp();
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
		this.stalePushed = false;
		this.lastLookupNanos = System.nanoTime();
		Duration timeout = this.schedule.lookupTimeout();
		try {
			this.scheduler.execute(() -> {
				CompletableFuture<Answer> answer = start();
				// Timed on the shared scheduler rather than with orTimeout, whose JDK thread would
				// outlive the application and hold on to its class loader.
				CompletableFuture<Answer> timed = new CompletableFuture<>();
				ScheduledFuture<?> deadline = this.scheduler.schedule(
						() -> timed.completeExceptionally(new TimeoutException()), timeout.toNanos(), TimeUnit.NANOSECONDS);
				answer.whenComplete((found, failure) -> {
					deadline.cancel(false);
					if (failure != null) {
						timed.completeExceptionally(failure);
					}
					else {
						timed.complete(found);
					}
				});
				timed.whenComplete((found, failure) -> {
					if (failure instanceof TimeoutException) {
						// Tells a lookup that can stop (a blocking call's thread) that nobody waits for it.
						answer.cancel(true);
					}
					this.syncContext.execute(() -> onOutcome(found, failure));
				});
			});
		}
		catch (RejectedExecutionException ex) {
			// The scheduler was closed at shutdown: nothing more to look up.
			this.resolving = false;
		}
	}

	private CompletableFuture<Answer> start() {
		try {
			return Objects.requireNonNull(this.lookup.lookUp(), "lookup answered null");
		}
		catch (Throwable ex) {
			// Whatever a lookup throws, an Error included, is a failed lookup, not a resolver stuck
			// in "resolving".
			return CompletableFuture.failedFuture(ex);
		}
	}

	private void onOutcome(Answer answer, Throwable failure) {
		this.resolving = false;
		if (this.shutdown) {
			return;
		}
		if (failure != null || answer.groups().isEmpty()) {
			failed(failureStatus(failure), this.addresses);
		}
		else if (answer.missing() != null && this.addresses != null) {
			// Part of the lookup failed: what it could not confirm stays as it was, the rest is new.
			Missing missing = answer.missing();
			List<EquivalentAddressGroup> merged = new ArrayList<>(answer.groups());
			this.addresses.stream()
				.filter((group) -> missing.couldHold().test(group) && !merged.contains(group))
				.forEach(merged::add);
			failed(partialStatus(missing.failure()), merged);
		}
		else {
			boolean partial = answer.missing() != null;
			if (partial) {
				// Part of the very first lookup failed: some backends are better than none, and the
				// rest is looked up again soon.
				Status status = partialStatus(answer.missing().failure());
				logger.warn(status.getDescription() + "; using the " + answer.groups().size()
						+ " address(es) it found meanwhile");
				this.failures++;
				this.observer.lookupFailed(status);
			}
			else {
				this.failures = 0;
				this.observer.lookupSucceeded();
			}
			if (adopt(answer.groups()) || this.answerOwed) {
				report();
			}
			scheduleLookUp(partial ? this.schedule.afterFailures(this.failures) : this.schedule
				.afterAnswer((answer.ttl() != null) ? answer.ttl() : this.schedule.refreshInterval()));
		}
		if (this.stalePushed) {
			lookUp();
		}
		else if (this.stale) {
			lookUpSoon();
		}
	}

	/**
	 * A lookup failed in whole or in part: it is logged, counted and retried with backoff.
	 * @param kept the addresses the channel keeps, null when it has none
	 */
	private void failed(Status status, List<EquivalentAddressGroup> kept) {
		this.failures++;
		logger.warn(status.getDescription() + ((kept != null)
				? "; keeping " + kept.size() + " address(es)" : "; it has no address yet"));
		this.observer.lookupFailed(status);
		if (kept == null) {
			this.answerOwed = false;
			this.listener.onResult2(
					ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromStatus(status)).build());
		}
		else if (adopt(kept) || this.answerOwed) {
			report();
		}
		scheduleLookUp(this.schedule.afterFailures(this.failures));
	}

	/**
	 * Makes these the channel's addresses.
	 * @return whether the set of addresses changed
	 */
	private boolean adopt(List<EquivalentAddressGroup> found) {
		boolean changed = this.addresses == null || !new HashSet<>(found).equals(new HashSet<>(this.addresses));
		if (changed) {
			logger.debug(this.lookup.describe() + " found " + found);
			this.addresses = List.copyOf(found);
		}
		return changed;
	}

	/**
	 * A status with a description Dialtone writes: the exception's class and what kind of failure it
	 * is, never the exception's message, which can carry a URL with credentials. The exception is
	 * not attached either, since grpc-java logs a status with its cause.
	 */
	private Status failureStatus(Throwable failure) {
		if (failure == null) {
			return Status.UNAVAILABLE.withDescription(this.lookup.describe() + " found no address");
		}
		return Status.UNAVAILABLE.withDescription(this.lookup.describe() + " failed: " + summary(failure));
	}

	private Status partialStatus(Throwable failure) {
		return Status.UNAVAILABLE.withDescription(this.lookup.describe() + " partly failed: " + summary(failure));
	}

	private String summary(Throwable failure) {
		Throwable cause = failure;
		while (cause instanceof CompletionException && cause.getCause() != null) {
			cause = cause.getCause();
		}
		String kind;
		if (cause instanceof DescribedLookupFailure described) {
			return described.getMessage();
		}
		if (cause instanceof TimeoutException && cause == failure) {
			return "no answer within " + this.schedule.lookupTimeout().toMillis() + " ms";
		}
		else if (cause instanceof TimeoutException || cause instanceof SocketTimeoutException) {
			kind = "timed out";
		}
		else if (cause instanceof IOException) {
			kind = "I/O error";
		}
		else if (cause instanceof Error) {
			kind = "error";
		}
		else {
			kind = "exception";
		}
		return kind + " (" + cause.getClass().getName() + ")";
	}

	private void report() {
		this.answerOwed = false;
		Status accepted = this.listener.onResult2(
				ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(this.addresses)).build());
		if (!accepted.isOk()) {
			logger.debug("Addresses of " + this.authority + " not accepted: " + accepted);
		}
	}

	private void cancelNext() {
		if (this.next != null) {
			this.next.cancel();
			this.next = null;
		}
	}

	@Override
	public void shutdown() {
		if (!this.shutdown) {
			this.shutdown = true;
			cancelNext();
			this.onShutdown.accept(this);
		}
	}

	/**
	 * Finds a target's addresses. Called on the shared scheduler thread: it may block (a registry
	 * call) or answer later (an asynchronous DNS query).
	 */
	public interface Lookup {

		CompletableFuture<Answer> lookUp();

		/**
		 * What a lookup is, for log lines and errors, e.g. {@code DNS lookup of greeter.internal}.
		 */
		String describe();

	}

	/**
	 * @param groups the addresses found, empty when none
	 * @param ttl how long the answer is good for, or null to look up again after the refresh
	 * interval
	 * @param missing the part of the lookup that failed, or null when it answered in full
	 */
	public record Answer(List<EquivalentAddressGroup> groups, Duration ttl, Missing missing) {

		public Answer {
			groups = List.copyOf(groups);
		}

		/**
		 * A full answer of these addresses.
		 */
		public static Answer of(List<InetSocketAddress> addresses, Duration ttl) {
			return new Answer(addresses.stream().map(EquivalentAddressGroup::new).toList(), ttl, null);
		}

	}

	/**
	 * The part of a lookup that failed (the A query while AAAA answered, one SRV target's host).
	 *
	 * @param failure why it failed
	 * @param couldHold whether a known address could have come from that part: such an address is
	 * kept until a lookup says otherwise
	 */
	public record Missing(Throwable failure, Predicate<EquivalentAddressGroup> couldHold) {

	}

}
