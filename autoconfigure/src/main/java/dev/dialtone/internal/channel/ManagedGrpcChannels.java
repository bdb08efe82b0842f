package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.function.BiFunction;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import dev.dialtone.GrpcChannelSettings;
import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcChannelsNotReadyException;
import dev.dialtone.UnknownGrpcChannelException;

/**
 * The {@link GrpcChannels} bean: owns every channel, set up at startup (grpc-java's channel is
 * built on first use, see {@link LazyManagedChannel}) and closed at shutdown, after calls in flight
 * had their grace period.
 */
public final class ManagedGrpcChannels implements GrpcChannels, AutoCloseable {

	private static final Log logger = LogFactory.getLog(GrpcChannels.class);

	private final Map<String, Entry> channels;

	/**
	 * Creates every channel, each with an activity its load balancer reports to, and connects those
	 * with an immediate-connect timeout, waiting for them all at once. If one cannot be built or
	 * is not ready in time, every channel is closed.
	 * @param specs the channels' settings, in configuration order
	 * @param factory builds one channel that reports to the given activity
	 * @throws GrpcChannelsNotReadyException when a channel with an immediate-connect timeout was
	 * not ready in time
	 */
	public ManagedGrpcChannels(Collection<ChannelSpec> specs,
			BiFunction<ChannelSpec, ChannelActivity, ManagedChannel> factory) {
		Map<String, Entry> byName = new LinkedHashMap<>();
		try {
			for (ChannelSpec spec : specs) {
				ChannelActivity activity = new ChannelActivity(spec.balancing().healthCheckServiceName() != null);
				byName.put(spec.name(), new Entry(spec, new ChannelSettingsView(spec), factory.apply(spec, activity),
						activity));
			}
			connectImmediately(byName.values());
		}
		catch (RuntimeException ex) {
			byName.values().forEach((entry) -> entry.channel().shutdownNow());
			throw ex;
		}
		this.channels = Collections.unmodifiableMap(byName);
	}

	private static void connectImmediately(Collection<Entry> entries) {
		List<Entry> connecting = entries.stream().filter((entry) -> entry.spec().lifecycle().immediateConnectTimeout() != null).toList();
		if (connecting.isEmpty()) {
			return;
		}
		// Every channel starts connecting before any is waited for: startup waits for the longest
		// timeout, not for their sum.
		long start = System.nanoTime();
		connecting.forEach((entry) -> entry.channel().getState(true));
		List<GrpcChannelsNotReadyException.NotReady> notReady = new ArrayList<>();
		for (Entry entry : connecting) {
			Duration timeout = entry.spec().lifecycle().immediateConnectTimeout();
			ConnectivityState state = ChannelReadiness.await(entry.channel(), start + timeout.toNanos());
			if (state != ConnectivityState.READY) {
				notReady.add(new GrpcChannelsNotReadyException.NotReady(entry.spec().name(),
						entry.spec().target().configured(), timeout, state.name(), entry.activity().failureReason()));
			}
		}
		if (!notReady.isEmpty()) {
			throw new GrpcChannelsNotReadyException(notReady);
		}
		connecting.forEach((entry) -> logger.info("gRPC channel '" + entry.spec().name() + "' is READY"));
	}

	@Override
	public ManagedChannel channel(String name) {
		return entry(name).channel();
	}

	@Override
	public Set<String> names() {
		return this.channels.keySet();
	}

	@Override
	public GrpcChannelSettings settings(String name) {
		return entry(name).settings();
	}

	@Override
	public ChannelActivity activity(String name) {
		return entry(name).activity();
	}

	@Override
	public ConnectivityState awaitReady(String name, Duration timeout) {
		return ChannelReadiness.await(channel(name), System.nanoTime() + timeout.toNanos());
	}

	/**
	 * The settings the channel of this name was built from, credentials included.
	 * @throws UnknownGrpcChannelException when no channel has the name
	 */
	public ChannelSpec spec(String name) {
		return entry(name).spec();
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
			Duration grace = entry.spec().lifecycle().shutdownGracePeriod();
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

	private record Entry(ChannelSpec spec, GrpcChannelSettings settings, ManagedChannel channel,
			ChannelActivity activity) {

	}

}
