package dev.dialtone.internal.resolver;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread on which a kind of lookup (DNS, a registry) is scheduled for every channel, and
 * the threads its blocking calls run on.
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
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, factory(prefix));
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

	/**
	 * Daemon threads named {@code prefix-N} for calls that block, started as calls come and ended
	 * after a minute without one. Each target runs at most one call at a time
	 * ({@link BlockingCall}), so the pool holds at most one thread per target whose call hangs.
	 * @param prefix the threads' name before their number, e.g. {@code dialtone-discovery-call}
	 */
	public static ThreadPoolExecutor blockingCalls(String prefix) {
		return new ThreadPoolExecutor(0, Integer.MAX_VALUE, 60, TimeUnit.SECONDS, new SynchronousQueue<>(),
				factory(prefix));
	}

	private static ThreadFactory factory(String prefix) {
		AtomicInteger count = instances.computeIfAbsent(prefix, (key) -> new AtomicInteger());
		return (task) -> {
			Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		};
	}

}
