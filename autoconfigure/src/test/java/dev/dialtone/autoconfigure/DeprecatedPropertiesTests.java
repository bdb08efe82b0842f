package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dialtone.GrpcChannels;
import dev.dialtone.internal.channel.ManagedGrpcChannels;
import dev.dialtone.internal.resolver.ResolutionDefaults;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Renamed properties keep working for a release under their old names, and say once what
 * replaces them.
 */
@ExtendWith(OutputCaptureExtension.class)
class DeprecatedPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@Test
	void oldNamesStillTakeEffectAndAreReportedOnce(CapturedOutput output) {
		this.runner
			.withPropertyValues("grpc.client.dns.refresh-interval=7s", "grpc.client.dns.min-interval=200ms",
					"grpc.client.defaults.health.service-name=helloworld.Greeter",
					"grpc.client.channels.a.target=static://127.0.0.1:6565",
					"grpc.client.channels.b.target=static://127.0.0.1:6566",
					"grpc.client.channels.b.dns.refresh-interval=3s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(ResolutionDefaults.class))
					.isEqualTo(new ResolutionDefaults(Duration.ofSeconds(7), Duration.ofMillis(200)));
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.settings("a").healthCheckServiceName()).isEqualTo("helloworld.Greeter");
				assertThat(channels.settings("a").serviceConfig()).containsEntry("healthCheckConfig",
						Map.of("serviceName", "helloworld.Greeter"));
				ManagedGrpcChannels managed = (ManagedGrpcChannels) channels;
				assertThat(managed.spec("a").resolution().refreshInterval()).isEqualTo(Duration.ofSeconds(7));
				assertThat(managed.spec("b").resolution().refreshInterval()).isEqualTo(Duration.ofSeconds(3));
			});
		assertThat(output).containsOnlyOnce(
				"Property 'grpc.client.defaults.health.service-name' is deprecated and will be removed in a future release; use 'grpc.client.defaults.health-check.service-name' instead")
			.containsOnlyOnce("Property 'grpc.client.dns.refresh-interval' is deprecated")
			.containsOnlyOnce("use 'grpc.client.resolution.min-interval' instead")
			.containsOnlyOnce("use 'grpc.client.channels.b.resolution.refresh-interval' instead");
	}

	@Test
	void newNamesWinOverOldOnesAndSayNothing(CapturedOutput output) {
		this.runner
			.withPropertyValues("grpc.client.dns.refresh-interval=7s", "grpc.client.resolution.refresh-interval=9s",
					"grpc.client.channels.a.target=static://127.0.0.1:6565",
					"grpc.client.channels.a.health-check.service-name=helloworld.Greeter")
			.run((context) -> {
				assertThat(context.getBean(ResolutionDefaults.class).refreshInterval()).isEqualTo(Duration.ofSeconds(9));
				assertThat(context.getBean(GrpcChannels.class).settings("a").healthCheckServiceName())
					.isEqualTo("helloworld.Greeter");
			});
		assertThat(output).doesNotContain("deprecated");
	}

}
