package dev.dialtone.test;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.springframework.cloud.client.DefaultServiceInstance;
import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * A registry whose instances a test changes, as instances registering and leaving would, and which
 * can be made to fail as an unreachable registry does. It records how often and on which threads
 * it was asked.
 */
public final class ChangingDiscoveryClient implements DiscoveryClient {

	private final Map<String, List<ServiceInstance>> instances = new ConcurrentHashMap<>();

	private final AtomicInteger lookups = new AtomicInteger();

	private final Set<String> threads = ConcurrentHashMap.newKeySet();

	private volatile RuntimeException failure;

	private final Map<String, Throwable> serviceFailures = new ConcurrentHashMap<>();

	private final Map<String, CountDownLatch> hangs = new ConcurrentHashMap<>();

	/** Registers an instance at the backend's address. */
	public void add(String serviceId, GreeterBackend backend) {
		add(serviceId, backend.host(), backend.port(), Map.of());
	}

	public void add(String serviceId, String host, int port, Map<String, String> metadata) {
		this.instances.computeIfAbsent(serviceId, (id) -> new CopyOnWriteArrayList<>())
			.add(new DefaultServiceInstance(serviceId + "-" + host + "-" + port, serviceId, host, port, false,
					metadata));
	}

	/** Deregisters the instance at the backend's address. */
	public void remove(String serviceId, GreeterBackend backend) {
		this.instances.getOrDefault(serviceId, List.of())
			.removeIf((instance) -> instance.getPort() == backend.port() && instance.getHost().equals(backend.host()));
	}

	/** Makes every lookup fail with this exception, or succeed again with null. */
	public void fail(RuntimeException failure) {
		this.failure = failure;
	}

	/**
	 * Makes every lookup of one service throw this, an {@link Error} included, or succeed again with
	 * null.
	 */
	public void fail(String serviceId, Throwable failure) {
		if (failure == null) {
			this.serviceFailures.remove(serviceId);
		}
		else {
			this.serviceFailures.put(serviceId, failure);
		}
	}

	/**
	 * Makes every lookup of one service block, as a registry that never answers does, until the
	 * returned latch is counted down.
	 */
	public CountDownLatch hang(String serviceId) {
		return this.hangs.computeIfAbsent(serviceId, (id) -> new CountDownLatch(1));
	}

	public int lookups() {
		return this.lookups.get();
	}

	/** The names of the threads lookups ran on. */
	public Set<String> threads() {
		return Set.copyOf(this.threads);
	}

	@Override
	public String description() {
		return "A registry the test changes";
	}

	@Override
	public List<ServiceInstance> getInstances(String serviceId) {
		this.threads.add(Thread.currentThread().getName());
		this.lookups.incrementAndGet();
		RuntimeException failure = this.failure;
		if (failure != null) {
			throw failure;
		}
		Throwable serviceFailure = this.serviceFailures.get(serviceId);
		if (serviceFailure instanceof Error error) {
			throw error;
		}
		if (serviceFailure instanceof RuntimeException exception) {
			throw exception;
		}
		CountDownLatch hang = this.hangs.get(serviceId);
		if (hang != null) {
			try {
				hang.await();
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted while hanging", ex);
			}
		}
		return List.copyOf(this.instances.getOrDefault(serviceId, List.of()));
	}

	@Override
	public List<String> getServices() {
		return List.copyOf(this.instances.keySet());
	}

}
