package dev.dialtone.channel;

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
import io.grpc.Status;

import dev.dialtone.resolver.ResolutionObserver;

/**
 * What one channel's load balancer has seen lately: the addresses last resolved and when, the
 * last resolution error, and the connection state of each backend. Written from the channel's synchronization
 * context, read from any thread (health, actuator endpoint, metrics) without locking and without
 * touching the network.
 */
public final class ChannelActivity implements ResolutionObserver {

	private volatile Resolution resolution;

	private volatile String lastResolutionError;

	private volatile String lastBackendError;

	private final AtomicLong resolutions = new AtomicLong();

	private final AtomicLong resolutionFailures = new AtomicLong();

	private final AtomicLong addressChanges = new AtomicLong();

	private final Map<String, Backend> backends = new ConcurrentHashMap<>();

	void resolved(List<EquivalentAddressGroup> groups) {
		List<String> addresses = new ArrayList<>();
		for (EquivalentAddressGroup group : groups) {
			for (SocketAddress address : group.getAddresses()) {
				addresses.add(describe(address));
			}
		}
		Resolution previous = this.resolution;
		this.resolution = new Resolution(List.copyOf(addresses), Instant.now());
		this.resolutions.incrementAndGet();
		if (previous != null && !previous.addresses().equals(this.resolution.addresses())) {
			this.addressChanges.incrementAndGet();
		}
		this.lastResolutionError = null;
	}

	@Override
	public void lookupFailed(Status status) {
		resolutionFailed(status);
	}

	@Override
	public void lookupSucceeded() {
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
		this.backends.compute(address,
				(key, backend) -> new Backend(key, info.getState(), (error != null) ? error : lastError(backend)));
	}

	void backendMoved(List<EquivalentAddressGroup> from, List<EquivalentAddressGroup> to) {
		Backend backend = this.backends.remove(describe(from));
		if (backend != null) {
			String address = describe(to);
			this.backends.put(address, new Backend(address, backend.state(), backend.lastError()));
		}
	}

	void backendRemoved(List<EquivalentAddressGroup> groups) {
		this.backends.remove(describe(groups));
	}

	private static String lastError(Backend backend) {
		return (backend != null) ? backend.lastError() : null;
	}

	/**
	 * The addresses the name resolver gave last, or an empty list before the first resolution.
	 */
	public List<String> resolvedAddresses() {
		Resolution resolution = this.resolution;
		return (resolution != null) ? resolution.addresses() : List.of();
	}

	/**
	 * When the name resolver last gave addresses, or null before the first resolution.
	 */
	public Instant lastResolvedAt() {
		Resolution resolution = this.resolution;
		return (resolution != null) ? resolution.at() : null;
	}

	/**
	 * The error of the last failed resolution, or null when the last resolution succeeded.
	 */
	public String lastResolutionError() {
		return this.lastResolutionError;
	}

	/**
	 * The last connection error of a backend, with its address, or null.
	 */
	public String lastBackendError() {
		return this.lastBackendError;
	}

	/**
	 * Why a failing channel fails, as far as is known, or null: the name resolution error while the
	 * channel has no address, otherwise the last backend error. A resolver that keeps its addresses
	 * through a failed lookup does not make the channel fail, its backends do.
	 */
	public String failureReason() {
		String resolution = this.lastResolutionError;
		if (resolution != null && (this.resolution == null || this.lastBackendError == null)) {
			return "name resolution failed: " + resolution;
		}
		return this.lastBackendError;
	}

	/**
	 * How many times the name resolver gave addresses.
	 */
	public long resolutions() {
		return this.resolutions.get();
	}

	/**
	 * How many times the name resolver failed.
	 */
	public long resolutionFailures() {
		return this.resolutionFailures.get();
	}

	/**
	 * How many resolutions gave other addresses than the one before.
	 */
	public long addressChanges() {
		return this.addressChanges.get();
	}

	/**
	 * Every backend the load balancer holds a connection for, by address, sorted.
	 */
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

	/**
	 * How many backends have a ready connection. A backend that is connected but fails its health
	 * check counts as ready: the verdict of client-side health checking is taken inside grpc-java's
	 * balancer, above the connections Dialtone observes.
	 */
	public int readyBackends() {
		return (int) this.backends.values()
			.stream()
			.filter((backend) -> backend.state() == ConnectivityState.READY)
			.count();
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

	/**
	 * One backend's connection as the load balancer sees it.
	 *
	 * @param address the backend's address
	 * @param state the connection's state
	 * @param lastError the connection's last error, or null
	 */
	public record Backend(String address, ConnectivityState state, String lastError) {

	}

}
