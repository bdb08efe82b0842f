package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.grpc.Status;
import org.junit.jupiter.api.Test;

import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.channel.MethodCalls;
import dev.dialtone.internal.resolver.ChannelSchemes;
import dev.dialtone.internal.resolver.ResolutionDefaults;
import dev.dialtone.internal.resolver.StaticScheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Bound properties in, one validated spec per channel out, without a Spring context.
 */
class ChannelSpecResolverTests {

	private final GrpcClientProperties properties = new GrpcClientProperties();

	private final ResolutionDefaults resolution = new ResolutionDefaults(Duration.ofSeconds(30), Duration.ofSeconds(1));

	private Map<String, ChannelSpec> resolve() {
		this.properties.setDefaultScheme("static");
		return new ChannelSpecResolver(this.properties, new ChannelSchemes(List.of(), List.of(new StaticScheme())),
				this.resolution, null, getClass().getClassLoader(), new DeprecatedProperties(), List.of(),
				new AuthSettings(null, null))
			.resolveAll();
	}

	private ChannelProperties channel(String name, String target) {
		ChannelProperties channel = new ChannelProperties();
		channel.setTarget(target);
		this.properties.getChannels().put(name, channel);
		return channel;
	}

	@Test
	void channelsInheritDefaultsKeyByKeyAndTheirOwnKeysWin() {
		ChannelProperties defaults = this.properties.getDefaults();
		defaults.setLbPolicy("pick_first");
		defaults.setDeadline(Duration.ofSeconds(2));
		defaults.getRetry().setEnabled(true);
		defaults.getRetry().setMaxAttempts(4);
		defaults.getKeepalive().setTime(Duration.ofMinutes(5));
		defaults.setShutdownGracePeriod(Duration.ofSeconds(7));
		defaults.getHealth().getIndicator().setCritical(false);
		ChannelProperties a = channel("a", "static://127.0.0.1:6565");
		a.getRetry().setMaxAttempts(2);
		a.getKeepalive().setTimeout(Duration.ofSeconds(20));
		ChannelProperties b = channel("b", "127.0.0.1:6566");
		b.setLbPolicy("round_robin");
		b.getRetry().setEnabled(false);
		b.getResolution().setRefreshInterval(Duration.ofSeconds(3));
		b.getHealth().getIndicator().setEnabled(false);

		Map<String, ChannelSpec> specs = resolve();
		assertThat(specs).containsOnlyKeys("a", "b");
		ChannelSpec first = specs.get("a");
		assertThat(first.balancing()).isEqualTo(new ChannelSpec.Balancing("pick_first", null, null));
		assertThat(first.calls().channel().deadline()).isEqualTo(Duration.ofSeconds(2));
		assertThat(first.calls().channel().retry().maxAttempts()).isEqualTo(2);
		assertThat(first.calls().channel().retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
		assertThat(first.calls().channel().retry().retryableStatusCodes()).containsExactly(Status.Code.UNAVAILABLE);
		assertThat(first.transport().keepalive())
			.isEqualTo(new ChannelSpec.Keepalive(Duration.ofMinutes(5), Duration.ofSeconds(20), null));
		assertThat(first.transport().security().description()).isEqualTo("plaintext");
		assertThat(first.lifecycle()).isEqualTo(new ChannelSpec.Lifecycle(Duration.ofSeconds(7), null));
		assertThat(first.resolution().refreshInterval()).isEqualTo(Duration.ofSeconds(30));
		assertThat(first.indicator()).isEqualTo(new ChannelSpec.Indicator(true, false));
		ChannelSpec second = specs.get("b");
		assertThat(second.balancing().lbPolicy()).isEqualTo("round_robin");
		assertThat(second.calls().channel().retry()).isNull();
		assertThat(second.calls().channel().deadline()).isEqualTo(Duration.ofSeconds(2));
		assertThat(second.target().grpcTarget()).isEqualTo("static://127.0.0.1:6566");
		assertThat(second.resolution().refreshInterval()).isEqualTo(Duration.ofSeconds(3));
		assertThat(second.indicator()).isEqualTo(new ChannelSpec.Indicator(false, false));
	}

	@Test
	void unsetSettingsTakeDialtonesDefaults() {
		channel("a", "static://127.0.0.1:6565");
		ChannelSpec spec = resolve().get("a");
		assertThat(spec.balancing()).isEqualTo(new ChannelSpec.Balancing("round_robin", null, null));
		assertThat(spec.calls()).isEqualTo(new ChannelSpec.Calls(
				new MethodCalls(List.of(), null, null, null, null, null, null), List.of(), null));
		assertThat(spec.transport().keepalive()).isEqualTo(new ChannelSpec.Keepalive(null, null, null));
		assertThat(spec.transport().idleTimeout()).isNull();
		assertThat(spec.lifecycle()).isEqualTo(new ChannelSpec.Lifecycle(Duration.ofSeconds(5), null));
		assertThat(spec.indicator()).isEqualTo(new ChannelSpec.Indicator(true, true));
	}

	@Test
	void aDurationTooLongForNanosecondsNamesItsProperty() {
		channel("a", "static://127.0.0.1:6565").setIdleTimeout(Duration.ofDays(106752));
		assertThatExceptionOfType(InvalidGrpcClientPropertyException.class).isThrownBy(this::resolve)
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("grpc.client.channels.a.idle-timeout"));
	}

	@Test
	void aBlankHealthCheckServiceNameNamesItsProperty() {
		channel("a", "static://127.0.0.1:6565").getHealthCheck().setServiceName(" ");
		assertThatExceptionOfType(InvalidGrpcClientPropertyException.class).isThrownBy(this::resolve)
			.satisfies((ex) -> assertThat(ex.getProperty())
				.isEqualTo("grpc.client.channels.a.health-check.service-name"));
	}

}
