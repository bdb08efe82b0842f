package dev.dialtone.autoconfigure.health;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
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

	/**
	 * Every channel is listed under its name when the health endpoint shows components and their
	 * details to anyone; otherwise channels are summarised by state. Read from the endpoint's
	 * primary group ({@code management.endpoint.health.show-components} and {@code show-details})
	 * on each request, as an unauthenticated request sees it.
	 */
	@Bean
	@ConditionalOnMissingBean(name = "grpcChannelsHealthContributor")
	GrpcChannelsHealthContributor grpcChannelsHealthContributor(GrpcChannels channels,
			ObjectProvider<HealthEndpointGroups> groups) {
		return new GrpcChannelsHealthContributor(channels, () -> {
			HealthEndpointGroups endpointGroups = groups.getIfAvailable();
			if (endpointGroups == null) {
				return true;
			}
			HealthEndpointGroup primary = endpointGroups.getPrimary();
			return primary.showComponents(SecurityContext.NONE) && primary.showDetails(SecurityContext.NONE);
		});
	}

}
