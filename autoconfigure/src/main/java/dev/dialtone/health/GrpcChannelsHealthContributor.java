package dev.dialtone.health;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

import dev.dialtone.GrpcChannelSettings;
import dev.dialtone.GrpcChannels;

/**
 * One {@link GrpcChannelHealthIndicator} per channel, under the channel's name
 * ({@code /actuator/health/grpcChannels/greeter}). A channel whose
 * {@code health.indicator.enabled} is false is left out.
 */
public class GrpcChannelsHealthContributor implements CompositeHealthContributor {

	private final CompositeHealthContributor channels;

	/**
	 * @param channels the channels, each with its indicator settings
	 */
	public GrpcChannelsHealthContributor(GrpcChannels channels) {
		Map<String, HealthContributor> indicators = new LinkedHashMap<>();
		for (String name : channels.names()) {
			GrpcChannelSettings settings = channels.settings(name);
			if (settings.healthIndicatorEnabled()) {
				indicators.put(name, new GrpcChannelHealthIndicator(channels.channel(name), settings.target(),
						channels.activity(name), settings.healthIndicatorCritical()));
			}
		}
		this.channels = CompositeHealthContributor.fromMap(indicators);
	}

	@Override
	public HealthContributor getContributor(String name) {
		return this.channels.getContributor(name);
	}

	@Override
	public Stream<Entry> stream() {
		return this.channels.stream();
	}

	@Override
	public Iterator<Entry> iterator() {
		return this.channels.iterator();
	}

}
