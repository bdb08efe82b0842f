package dev.dialtone.autoconfigure.health;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.health.GrpcChannelsHealthContributor;

/**
 * The {@code grpcChannels} health contributor, when Spring Boot's health support is on the
 * classpath. It is in no health group unless the application adds it, e.g. to readiness with
 * {@code management.endpoint.health.group.readiness.include=readinessState,grpcChannels}.
 * {@code management.health.grpcchannels.enabled=false} turns it off.
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, GrpcChannels.class })
@ConditionalOnBean(GrpcChannels.class)
@ConditionalOnEnabledHealthIndicator("grpcchannels")
public final class GrpcChannelsHealthContributorAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "grpcChannelsHealthContributor")
	GrpcChannelsHealthContributor grpcChannelsHealthContributor(GrpcChannels channels) {
		return new GrpcChannelsHealthContributor(channels);
	}

}
