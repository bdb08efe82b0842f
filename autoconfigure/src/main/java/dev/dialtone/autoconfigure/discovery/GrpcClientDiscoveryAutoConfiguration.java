package dev.dialtone.autoconfigure.discovery;

import io.grpc.ManagedChannel;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;

import dev.dialtone.autoconfigure.ConditionalOnEnabledFlag;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.GrpcClientProperties;
import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.ResolutionDefaults;
import dev.dialtone.internal.resolver.discovery.DiscoveryHeartbeatListener;
import dev.dialtone.internal.resolver.discovery.DiscoveryResolution;
import dev.dialtone.internal.resolver.discovery.DiscoveryScheme;

/**
 * Adds the {@code discovery} scheme to Dialtone's channels when Spring Cloud Commons is on the
 * classpath and the application has a {@link DiscoveryClient}: {@code discovery:///service-id}
 * resolves through it, again on the registry's heartbeats and every
 * {@code resolution.refresh-interval}.
 */
@AutoConfiguration(after = GrpcClientAutoConfiguration.class,
		afterName = { "org.springframework.cloud.client.discovery.simple.SimpleDiscoveryClientAutoConfiguration",
				"org.springframework.cloud.client.discovery.composite.CompositeDiscoveryClientAutoConfiguration" })
@ConditionalOnClass({ ManagedChannel.class, DiscoveryClient.class })
@ConditionalOnEnabledFlag("grpc.client.enabled")
@ConditionalOnBean(DiscoveryClient.class)
@EnableConfigurationProperties(GrpcClientProperties.class)
public final class GrpcClientDiscoveryAutoConfiguration {

	/**
	 * The discovery client and the one thread that asks it for every channel; closed after the
	 * channels, which depend on it.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DiscoveryResolution grpcDiscoveryResolution(DiscoveryClient discoveryClient, ResolutionDefaults resolution) {
		return new DiscoveryResolution(discoveryClient, resolution.minInterval());
	}

	@Bean
	ChannelScheme grpcDiscoveryScheme(DiscoveryResolution discoveryResolution) {
		return new DiscoveryScheme(discoveryResolution);
	}

	@Bean
	DiscoveryHeartbeatListener grpcDiscoveryHeartbeatListener(DiscoveryResolution discoveryResolution) {
		return new DiscoveryHeartbeatListener(discoveryResolution);
	}

}
