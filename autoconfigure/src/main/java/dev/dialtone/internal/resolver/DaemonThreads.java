package dev.dialtone.internal.resolver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread on which a kind of lookup (DNS, a registry) is scheduled for every channel.
 */
public final class DaemonThreads {

	// One count per prefix: the first DNS thread is dialtone-dns-1, the first discovery thread dialtone-discovery-1.
	private static final Map<String, AtomicInteger> instances = new ConcurrentHashMap<>();

	private DaemonThreads() {
	}

	/**
	 * A scheduler with one daemon thread named {@code prefix-N}. A cancelled lookup leaves nothing
	 * behind in its queue, so a closed resolver holds on to nothing.
	 * @param prefix the thread's name before its number, e.g. {@code dialtone-dns}
	 */
	public static ScheduledThreadPoolExecutor scheduler(String prefix) {
		AtomicInteger count = instances.computeIfAbsent(prefix, (key) -> new AtomicInteger());
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

}
