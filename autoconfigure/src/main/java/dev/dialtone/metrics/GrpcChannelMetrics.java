package dev.dialtone.metrics;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.MeterBinder;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcChannelActivity;

/**
 * Meters of every Dialtone channel, each tagged {@code channel} (its name) and {@code target} (as
 * configured):
 * <ul>
 * <li>{@code grpc.client.channel.state}: one gauge per connectivity state, tagged {@code state},
 * 1 for the state the channel is in and 0 for the others, so that an alert is written on the state
 * by name (e.g. {@code state="TRANSIENT_FAILURE"} equals 1) rather than on a number code;</li>
 * <li>{@code grpc.client.channel.backends.ready} and {@code grpc.client.channel.backends.resolved}:
 * gauges of the backends that take calls (connected and, with health checking, serving) and of
 * the addresses last resolved;</li>
 * <li>{@code grpc.client.channel.resolutions}, {@code grpc.client.channel.resolution.failures}
 * and {@code grpc.client.channel.address.changes}: counters of the name resolver's successful
 * lookups, its failed ones, and the answers that differed from the one before.</li>
 * </ul>
 * Every value is read from state the channel already has: reading never makes a channel connect.
 */
public class GrpcChannelMetrics implements MeterBinder {

	private static final String PREFIX = "grpc.client.channel.";

	private final GrpcChannels channels;

	/**
	 * @param channels the channels to measure
	 */
	public GrpcChannelMetrics(GrpcChannels channels) {
		this.channels = channels;
	}

	@Override
	public void bindTo(MeterRegistry registry) {
		for (String name : this.channels.names()) {
			Tags tags = Tags.of("channel", name, "target", this.channels.settings(name).target());
			bindState(registry, this.channels.channel(name), tags);
			bindActivity(registry, this.channels.activity(name), tags);
		}
	}

	private static void bindState(MeterRegistry registry, ManagedChannel channel, Tags tags) {
		for (ConnectivityState state : ConnectivityState.values()) {
			// false: a scrape must not make an idle channel connect.
			Gauge.builder(PREFIX + "state", channel, (measured) -> (measured.getState(false) == state) ? 1 : 0)
				.description("Whether the channel is in the connectivity state of the state tag (1) or not (0)")
				.tags(tags)
				.tag("state", state.name())
				.register(registry);
		}
	}

	private static void bindActivity(MeterRegistry registry, GrpcChannelActivity activity, Tags tags) {
		Gauge.builder(PREFIX + "backends.ready", activity, GrpcChannelActivity::readyBackends)
			.description("Backends that take calls: connected and, with health checking, serving")
			.tags(tags)
			.register(registry);
		Gauge.builder(PREFIX + "backends.resolved", activity, (measured) -> measured.resolvedAddresses().size())
			.description("Addresses the channel's name resolver gave last")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder(PREFIX + "resolutions", activity, GrpcChannelActivity::resolutions)
			.description("Successful lookups of the channel's name resolver, changed or not")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder(PREFIX + "resolution.failures", activity, GrpcChannelActivity::resolutionFailures)
			.description("Failed lookups of the channel's name resolver, kept addresses or not")
			.tags(tags)
			.register(registry);
		FunctionCounter.builder(PREFIX + "address.changes", activity, GrpcChannelActivity::addressChanges)
			.description("Answers of the channel's name resolver that differed from the one before")
			.tags(tags)
			.register(registry);
	}

}
