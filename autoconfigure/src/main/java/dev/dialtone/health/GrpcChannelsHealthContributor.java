package dev.dialtone.health;

import java.util.EnumMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

import io.grpc.ConnectivityState;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;

import dev.dialtone.GrpcChannelSettings;
import dev.dialtone.GrpcChannels;

/**
 * One {@link GrpcChannelHealthIndicator} per channel, under the channel's name
 * ({@code /actuator/health/grpcChannels/greeter}). A channel whose
 * {@code health.indicator.enabled} is false is left out.
 * <p>
 * What {@code /actuator/health} lists under {@code grpcChannels} depends on whether each channel's
 * details would be shown: if so, every channel under its name; if not, one entry per connectivity
 * state the channels are in ({@code IDLE}, {@code READY}, ...) with that state's health and the
 * number of channels in it, so that a thousand idle channels are one line rather than a thousand
 * lines of {@code "status":"UP"}. The overall status is the same either way, and each channel
 * stays reachable under its own name.
 */
public class GrpcChannelsHealthContributor implements CompositeHealthContributor {

	private final Map<String, GrpcChannelHealthIndicator> indicators;

	private final BooleanSupplier listEachChannel;

	/**
	 * A contributor that lists every channel under its name.
	 * @param channels the channels, each with its indicator settings
	 */
	public GrpcChannelsHealthContributor(GrpcChannels channels) {
		this(channels, () -> true);
	}

	/**
	 * @param channels the channels, each with its indicator settings
	 * @param listEachChannel asked on each request: whether to list every channel under its name
	 * (true) or to summarise the channels by state (false)
	 */
	public GrpcChannelsHealthContributor(GrpcChannels channels, BooleanSupplier listEachChannel) {
		Map<String, GrpcChannelHealthIndicator> indicators = new LinkedHashMap<>();
		for (String name : channels.names()) {
			GrpcChannelSettings settings = channels.settings(name);
			if (settings.healthIndicatorEnabled()) {
				indicators.put(name, new GrpcChannelHealthIndicator(channels.channel(name), settings.target(),
						channels.activity(name), settings.healthIndicatorCritical()));
			}
		}
		this.indicators = indicators;
		this.listEachChannel = listEachChannel;
	}

	/**
	 * The indicator of the channel of this name; failing that, when channels are summarised, the
	 * summary of the state of this name, so that every entry listed can be asked for.
	 */
	@Override
	public HealthContributor getContributor(String name) {
		HealthContributor channel = this.indicators.get(name);
		if (channel != null || this.listEachChannel.getAsBoolean()) {
			return channel;
		}
		return summary().get(name);
	}

	@Override
	public Stream<Entry> stream() {
		if (this.listEachChannel.getAsBoolean()) {
			return this.indicators.entrySet().stream().map((entry) -> new Entry(entry.getKey(), entry.getValue()));
		}
		return summary().entrySet().stream().map((entry) -> new Entry(entry.getKey(), entry.getValue()));
	}

	@Override
	public Iterator<Entry> iterator() {
		return stream().iterator();
	}

	/**
	 * The channels counted by state, read once: one indicator per state that any channel is in.
	 */
	private Map<String, HealthIndicator> summary() {
		Map<ConnectivityState, int[]> counts = new EnumMap<>(ConnectivityState.class);
		for (GrpcChannelHealthIndicator indicator : this.indicators.values()) {
			// [channels, critical channels]
			int[] count = counts.computeIfAbsent(indicator.state(), (state) -> new int[2]);
			count[0]++;
			count[1] += indicator.critical() ? 1 : 0;
		}
		Map<String, HealthIndicator> summary = new LinkedHashMap<>();
		counts.forEach((state, count) -> summary.put(state.name(), new StateSummary(state, count[0], count[1] > 0)));
		return summary;
	}

	/**
	 * The channels in one state: the health each of them has, and how many they are. Failing
	 * channels are DOWN if any of them is critical, UNKNOWN if none is, as they are one by one.
	 */
	private record StateSummary(ConnectivityState state, int channels, boolean anyCritical) implements HealthIndicator {

		@Override
		public Health health(boolean includeDetails) {
			return includeDetails ? health() : GrpcChannelHealthIndicator.withoutDetails(status());
		}

		@Override
		public Health health() {
			return Health.status(status()).withDetail("state", this.state.name()).withDetail("channels", this.channels)
				.build();
		}

		private Status status() {
			return GrpcChannelHealthIndicator.status(this.state, this.anyCritical);
		}

	}

}
