package dev.dialtone.autoconfigure.metrics;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.metrics.CallAttemptsChannelCustomizer;
import dev.dialtone.metrics.GrpcChannelMetrics;

/**
 * Meters of every channel, bound to the application's meter registries by Spring Boot's metrics
 * support. Spring Boot's {@code management.metrics.enable.grpc.client.channel=false} turns them
 * off.
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class,
		afterName = { "org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnClass({ MeterRegistry.class, GrpcChannels.class })
@ConditionalOnBean({ MeterRegistry.class, GrpcChannels.class })
public final class GrpcChannelMetricsAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcChannelMetrics grpcChannelMetrics(GrpcChannels channels) {
		return new GrpcChannelMetrics(channels);
	}

	@Bean
	@ConditionalOnMissingBean
	CallAttemptsChannelCustomizer grpcCallAttemptsChannelCustomizer(MeterRegistry registry) {
		return new CallAttemptsChannelCustomizer(registry);
	}

}
