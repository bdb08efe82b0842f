package dev.dialtone.autoconfigure.actuate;

import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.dialtone.GrpcChannels;
import dev.dialtone.actuate.GrpcChannelsEndpoint;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;

/**
 * The {@code grpcchannels} actuator endpoint, when Spring Boot Actuator is on the classpath and
 * the endpoint is exposed ({@code management.endpoints.web.exposure.include=grpcchannels}).
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class)
@ConditionalOnClass({ Endpoint.class, ConditionalOnAvailableEndpoint.class })
@ConditionalOnBean(GrpcChannels.class)
@ConditionalOnAvailableEndpoint(GrpcChannelsEndpoint.class)
public final class GrpcChannelsEndpointAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	GrpcChannelsEndpoint grpcChannelsEndpoint(GrpcChannels channels) {
		return new GrpcChannelsEndpoint(channels);
	}

}
