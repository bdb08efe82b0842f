package dev.dialtone.autoconfigure;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A channel's keys over the defaults', each value with the property it came from.
 */
class MergedChannelTests {

	private final ChannelProperties channel = new ChannelProperties();

	private final ChannelProperties defaults = new ChannelProperties();

	private MergedChannel merged() {
		return new MergedChannel("greeter", this.channel, this.defaults, new DeprecatedProperties());
	}

	@Test
	void theChannelsOwnKeyWinsThenTheDefaultsKeyByKey() {
		this.defaults.setLbPolicy("pick_first");
		this.defaults.getRetry().setMaxAttempts(4);
		this.channel.getRetry().setMaxAttempts(2);
		assertThat(merged().get(ChannelProperties::getLbPolicy, "lb-policy"))
			.isEqualTo(new Setting<>("pick_first", "grpc.client.defaults.lb-policy"));
		assertThat(merged().get((c) -> c.getRetry().getMaxAttempts(), "retry.max-attempts"))
			.isEqualTo(new Setting<>(2, "grpc.client.channels.greeter.retry.max-attempts"));
	}

	@Test
	void anUnsetKeyNamesTheChannelsProperty() {
		assertThat(merged().get(ChannelProperties::getDeadline, "deadline"))
			.isEqualTo(new Setting<>(null, "grpc.client.channels.greeter.deadline"));
	}

	@Test
	@SuppressWarnings("deprecation")
	void aDeprecatedKeyIsReadWhereItsReplacementIsNotSetAtTheSameLevel() {
		this.defaults.getResolution().setRefreshInterval(Duration.ofSeconds(5));
		this.channel.getDns().setRefreshInterval(Duration.ofSeconds(2));
		assertThat(refreshInterval()).isEqualTo(
				new Setting<>(Duration.ofSeconds(2), "grpc.client.channels.greeter.dns.refresh-interval"));
		this.channel.getResolution().setRefreshInterval(Duration.ofSeconds(3));
		assertThat(refreshInterval()).isEqualTo(
				new Setting<>(Duration.ofSeconds(3), "grpc.client.channels.greeter.resolution.refresh-interval"));
	}

	@Test
	@SuppressWarnings("deprecation")
	void aDeprecatedKeyInTheDefaultsIsInherited() {
		this.defaults.getHealth().setServiceName("helloworld.Greeter");
		assertThat(merged().get((c) -> c.getHealthCheck().getServiceName(), "health-check.service-name",
				(c) -> c.getHealth().getServiceName(), "health.service-name"))
			.isEqualTo(new Setting<>("helloworld.Greeter", "grpc.client.defaults.health.service-name"));
	}

	@SuppressWarnings("deprecation")
	private Setting<Duration> refreshInterval() {
		return merged().get((c) -> c.getResolution().getRefreshInterval(), "resolution.refresh-interval",
				(c) -> c.getDns().getRefreshInterval(), "dns.refresh-interval");
	}

}
