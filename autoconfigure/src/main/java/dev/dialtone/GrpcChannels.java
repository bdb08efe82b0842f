package dev.dialtone;

import java.time.Duration;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dialtone.channel.ChannelActivity;
import dev.dialtone.channel.ChannelSpec;

/**
 * Every channel configured under {@code grpc.client.channels}, by name. Owns the channels: they
 * are built at startup and closed at shutdown, after calls in flight had their grace period.
 */
public final class GrpcChannels implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(GrpcChannels.class);

	private final Map<String, Entry> channels;

	/**
	 * Builds every channel, each with an activity its load balancer reports to; if one cannot be
	 * built, those already built are closed.
	 * @param specs the channels' settings, in configuration order
	 * @param factory builds one channel that reports to the given activity
	 */
	public GrpcChannels(Collection<ChannelSpec> specs, BiFunction<ChannelSpec, ChannelActivity, ManagedChannel> factory) {
		Map<String, Entry> byName = new LinkedHashMap<>();
		try {
			for (ChannelSpec spec : specs) {
				ChannelActivity activity = new ChannelActivity();
				byName.put(spec.name(), new Entry(spec, factory.apply(spec, activity), activity));
			}
		}
		catch (RuntimeException ex) {
			byName.values().forEach((entry) -> entry.channel().shutdownNow());
			throw ex;
		}
		this.channels = Collections.unmodifiableMap(byName);
	}

	/**
	 * The channel of this name.
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	public ManagedChannel channel(String name) {
		return entry(name).channel();
	}

	/**
	 * The names of all channels, in configuration order.
	 */
	public Set<String> names() {
		return this.channels.keySet();
	}

	/**
	 * The settings the channel of this name was built from.
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	public ChannelSpec spec(String name) {
		return entry(name).spec();
	}

	/**
	 * What the channel of this name has seen lately: resolved addresses, backends, errors. Empty
	 * when the channel was built by a factory that does not report.
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	public ChannelActivity activity(String name) {
		return entry(name).activity();
	}

	private Entry entry(String name) {
		Entry entry = this.channels.get(name);
		if (entry == null) {
			throw new UnknownGrpcChannelException(name, null, names());
		}
		return entry;
	}

	/**
	 * Stops every channel from taking new calls, waits for calls in flight up to each channel's
	 * shutdown grace period, then closes what is left.
	 */
	@Override
	public void close() {
		long start = System.nanoTime();
		this.channels.values().forEach((entry) -> entry.channel().shutdown());
		for (Entry entry : this.channels.values()) {
			Duration grace = entry.spec().shutdownGracePeriod();
			long remaining = grace.toNanos() - (System.nanoTime() - start);
			if (!awaitTermination(entry.channel(), remaining)) {
				// grpc-java also keeps a connection to a backend that left the target for a few seconds,
				// so a channel may outlive its grace period with no call in flight at all.
				logger.warn("gRPC channel '" + entry.spec().name() + "' had not terminated after its shutdown "
						+ "grace period of " + grace + "; closing it now, cancelling any call still in flight");
				entry.channel().shutdownNow();
			}
		}
	}

	private static boolean awaitTermination(ManagedChannel channel, long nanos) {
		try {
			return channel.awaitTermination(Math.max(nanos, 0), TimeUnit.NANOSECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	private record Entry(ChannelSpec spec, ManagedChannel channel, ChannelActivity activity) {

	}

}
