package dev.dialtone.internal.channel;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.grpc.ConnectivityState;
import io.grpc.ConnectivityStateInfo;
import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.Status;

import dev.dialtone.GrpcChannelActivity;
import dev.dialtone.internal.resolver.ResolutionObserver;

/**
 * What one channel's load balancer has seen lately: the addresses last resolved and when, the
 * last resolution error, and the connection state of each backend. Written from the channel's synchronization
 * context, read from any thread (health, actuator endpoint, metrics) without locking and without
 * touching the network.
 */
public final class ChannelActivity implements GrpcChannelActivity, ResolutionObserver {

	/**
	 * The name-resolver argument under which a channel passes its activity, to its resolver and to
	 * its load balancer ({@code Helper#getNameResolverArgs()}).
	 */
	public static final NameResolver.Args.Key<ChannelActivity> ARG = NameResolver.Args.Key
		.create("dialtone.channel-activity");

	private volatile Resolution resolution;

	private volatile String lastResolutionError;

	private volatile String lastBackendError;

	// True once the resolver reports its lookups (Dialtone's own do): then they are what is counted,
	// changed or not, rather than the answers that reach the balancer.
	private volatile boolean resolverReports;

	private final boolean healthChecked;

	private final AtomicLong resolutions = new AtomicLong();

	private final AtomicLong resolutionFailures = new AtomicLong();

	private final AtomicLong addressChanges = new AtomicLong();

	private final Map<String, Backend> backends = new ConcurrentHashMap<>();

	/**
	 * @param healthChecked whether the channel checks its backends' health: then a backend counts
	 * as taking calls only once its check has answered SERVING
	 */
	public ChannelActivity(boolean healthChecked) {
		this.healthChecked = healthChecked;
	}

	/**
	 * Whether the channel checks its backends' health.
	 */
	boolean healthChecked() {
		return this.healthChecked;
	}

	void resolved(List<EquivalentAddressGroup> groups) {
		List<String> addresses = new ArrayList<>();
		for (EquivalentAddressGroup group : groups) {
			for (SocketAddress address : group.getAddresses()) {
				addresses.add(describe(address));
			}
		}
		Resolution previous = this.resolution;
		this.resolution = new Resolution(List.copyOf(addresses), Instant.now());
		if (!this.resolverReports) {
			this.resolutions.incrementAndGet();
		}
		if (previous != null && !previous.addresses().equals(this.resolution.addresses())) {
			this.addressChanges.incrementAndGet();
		}
		this.lastResolutionError = null;
	}

	@Override
	public void lookupFailed(Status status) {
		this.resolverReports = true;
		resolutionFailed(status);
	}

	@Override
	public void lookupSucceeded() {
		// Called before the resolver passes a changed answer on, so that answer is not counted twice.
		this.resolverReports = true;
		this.resolutions.incrementAndGet();
		this.lastResolutionError = null;
	}

	void resolutionFailed(Status status) {
		this.resolutionFailures.incrementAndGet();
		this.lastResolutionError = describe(status);
	}

	void backendState(List<EquivalentAddressGroup> groups, ConnectivityStateInfo info) {
		if (info.getState() == ConnectivityState.SHUTDOWN) {
			backendRemoved(groups);
			return;
		}
		String address = describe(groups);
		String error = (info.getState() == ConnectivityState.TRANSIENT_FAILURE) ? describe(info.getStatus()) : null;
		if (error != null) {
			this.lastBackendError = address + ": " + error;
		}
		this.backends.compute(address, (key, backend) -> new Backend(key, info.getState(),
				healthAfter(backend, info.getState()), (backend != null) && backend.ejected(),
				errorAfter(backend, info.getState(), error)));
	}

	// A connection error explains the backend's absence until it is connected again.
	private static String errorAfter(Backend backend, ConnectivityState connection, String error) {
		if (error != null || connection == ConnectivityState.READY) {
			return error;
		}
		return (backend != null) ? backend.lastError() : null;
	}

	// A health verdict holds only for the connection it was made on.
	private Health healthAfter(Backend backend, ConnectivityState connection) {
		if (!this.healthChecked) {
			return null;
		}
		if (backend == null || backend.health() == null) {
			return Health.UNKNOWN;
		}
		return (connection == ConnectivityState.READY) ? backend.health() : Health.UNKNOWN;
	}

	/**
	 * What client-side health checking concluded for a backend: READY while it serves,
	 * TRANSIENT_FAILURE with the reason while it does not, and the connection's own state while it
	 * is not connected.
	 */
	void backendHealth(List<EquivalentAddressGroup> groups, ConnectivityStateInfo info) {
		if (info.getState() == ConnectivityState.SHUTDOWN) {
			return;
		}
		String address = describe(groups);
		Backend current = this.backends.get(address);
		if (current == null) {
			// The connection is gone (its state is reported first): a late verdict is news of nothing.
			return;
		}
		// A failed connection reaches this listener too; it is no health verdict.
		Health health = (current.state() == ConnectivityState.READY) ? verdict(info.getState()) : Health.UNKNOWN;
		String error = (health == Health.NOT_SERVING) ? describe(info.getStatus()) : null;
		if (error != null) {
			this.lastBackendError = address + ": " + error;
		}
		this.backends.computeIfPresent(address, (key, backend) -> new Backend(key, backend.state(), health,
				backend.ejected(), (health == Health.UNKNOWN) ? backend.lastError() : error));
	}

	/**
	 * What the lb-policy is told of a backend under outlier detection: a backend whose connection
	 * is ready and healthy but that arrives failing has been ejected, until it arrives ready.
	 */
	void backendBalanced(List<EquivalentAddressGroup> groups, ConnectivityStateInfo info) {
		if (info.getState() == ConnectivityState.SHUTDOWN) {
			return;
		}
		String address = describe(groups);
		this.backends.computeIfPresent(address, (key, backend) -> {
			boolean healthy = backend.state() == ConnectivityState.READY
					&& (backend.health() == null || backend.health() == Health.SERVING);
			boolean ejected = healthy && info.getState() == ConnectivityState.TRANSIENT_FAILURE;
			if (ejected == backend.ejected()) {
				return backend;
			}
			String error = ejected ? describe(info.getStatus()) : null;
			if (error != null) {
				this.lastBackendError = key + ": " + error;
			}
			return new Backend(key, backend.state(), backend.health(), ejected, error);
		});
	}

	void backendMoved(List<EquivalentAddressGroup> from, List<EquivalentAddressGroup> to) {
		Backend backend = this.backends.remove(describe(from));
		if (backend != null) {
			String address = describe(to);
			this.backends.put(address,
					new Backend(address, backend.state(), backend.health(), backend.ejected(), backend.lastError()));
		}
	}

	void backendRemoved(List<EquivalentAddressGroup> groups) {
		this.backends.remove(describe(groups));
	}

	@Override
	public List<String> resolvedAddresses() {
		Resolution resolution = this.resolution;
		return (resolution != null) ? resolution.addresses() : List.of();
	}

	@Override
	public Instant lastResolvedAt() {
		Resolution resolution = this.resolution;
		return (resolution != null) ? resolution.at() : null;
	}

	@Override
	public String lastResolutionError() {
		return this.lastResolutionError;
	}

	@Override
	public String lastBackendError() {
		return this.lastBackendError;
	}

	@Override
	public String failureReason() {
		String resolution = this.lastResolutionError;
		if (resolution != null && (this.resolution == null || this.lastBackendError == null)) {
			return "name resolution failed: " + resolution;
		}
		return this.lastBackendError;
	}

	@Override
	public long resolutions() {
		return this.resolutions.get();
	}

	@Override
	public long resolutionFailures() {
		return this.resolutionFailures.get();
	}

	@Override
	public long addressChanges() {
		return this.addressChanges.get();
	}

	@Override
	public Map<String, Backend> backends() {
		Map<String, Backend> sorted = new LinkedHashMap<>();
		this.backends.keySet().stream().sorted().forEach((key) -> {
			Backend backend = this.backends.get(key);
			if (backend != null) {
				sorted.put(key, backend);
			}
		});
		return Collections.unmodifiableMap(sorted);
	}

	@Override
	public int readyBackends() {
		return (int) this.backends.values().stream().filter(Backend::takesCalls).count();
	}

	private static String describe(List<EquivalentAddressGroup> groups) {
		List<String> addresses = new ArrayList<>();
		groups.forEach((group) -> group.getAddresses().forEach((address) -> addresses.add(describe(address))));
		return String.join(",", addresses);
	}

	private static String describe(SocketAddress address) {
		if (address instanceof InetSocketAddress inet && !inet.isUnresolved()) {
			String host = inet.getAddress().getHostAddress();
			return (host.contains(":") ? "[" + host + "]" : host) + ":" + inet.getPort();
		}
		return String.valueOf(address);
	}

	/**
	 * The status code and description only: a cause may carry details an operator should not
	 * see on an actuator page.
	 */
	private static String describe(Status status) {
		return (status.getDescription() != null) ? status.getCode() + ": " + status.getDescription()
				: status.getCode().toString();
	}

	private record Resolution(List<String> addresses, Instant at) {

	}

	private static Health verdict(ConnectivityState checked) {
		return switch (checked) {
			case READY -> Health.SERVING;
			case TRANSIENT_FAILURE -> Health.NOT_SERVING;
			default -> Health.UNKNOWN;
		};
	}

}
