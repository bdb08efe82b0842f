package dev.dialtone.internal.resolver;

import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The one thread on which a kind of lookup (DNS, a registry) is scheduled for every channel.
 */
public final class DaemonThreads {

	private static final AtomicInteger instances = new AtomicInteger();

	private DaemonThreads() {
	}

	/**
	 * A scheduler with one daemon thread named {@code prefix-N}. A cancelled lookup leaves nothing
	 * behind in its queue, so a closed resolver holds on to nothing.
	 * @param prefix the thread's name before its number, e.g. {@code dialtone-dns}
	 */
	public static ScheduledThreadPoolExecutor scheduler(String prefix) {
		ScheduledThreadPoolExecutor scheduler = new ScheduledThreadPoolExecutor(1, (task) -> {
			Thread thread = new Thread(task, prefix + "-" + instances.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		scheduler.setRemoveOnCancelPolicy(true);
		return scheduler;
	}

}
