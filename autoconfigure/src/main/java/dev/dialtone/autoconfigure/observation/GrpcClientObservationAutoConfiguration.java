package dev.dialtone.autoconfigure.observation;

import io.grpc.ManagedChannel;
import io.micrometer.core.instrument.binder.grpc.DefaultGrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.GrpcClientObservationConvention;
import io.micrometer.core.instrument.binder.grpc.ObservationGrpcClientInterceptor;
import io.micrometer.observation.ObservationRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

import dev.dialtone.autoconfigure.ConditionalOnEnabledFlag;
import dev.dialtone.observation.ObservationChannelCustomizer;

/**
 * Observes every call on Dialtone's channels when the application has an
 * {@link ObservationRegistry}. A {@link GrpcClientObservationConvention} bean replaces Micrometer's
 * default naming and keys; the channel's key is added to it. {@code grpc.client.observations.enabled=false}
 * leaves the channels without the interceptor.
 */
@AutoConfiguration(
		afterName = "org.springframework.boot.micrometer.observation.autoconfigure.ObservationAutoConfiguration")
@ConditionalOnClass({ ManagedChannel.class, ObservationGrpcClientInterceptor.class, ObservationRegistry.class })
@ConditionalOnBean(ObservationRegistry.class)
@ConditionalOnEnabledFlag({ "grpc.client.enabled", "grpc.client.observations.enabled" })
public final class GrpcClientObservationAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	ObservationChannelCustomizer grpcObservationChannelCustomizer(ObservationRegistry registry,
			ObjectProvider<GrpcClientObservationConvention> convention) {
		return new ObservationChannelCustomizer(registry,
				convention.getIfAvailable(DefaultGrpcClientObservationConvention::new));
	}

}
