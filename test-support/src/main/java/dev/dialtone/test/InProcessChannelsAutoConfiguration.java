package dev.dialtone.test;

import java.util.List;
import java.util.Set;

import io.grpc.BindableService;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;
import io.grpc.health.v1.HealthCheckResponse;
import io.grpc.protobuf.services.HealthStatusManager;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.internal.resolver.TargetOverride;

/**
 * One in-process server per context, serving its {@code BindableService} and
 * {@code ServerServiceDefinition} beans, and Dialtone's channels pointed at it, when
 * {@code grpc.client.test.in-process} is true (as {@link AutoConfigureInProcessChannels} sets it).
 * A channel pointed at it reads nothing of its configured target: no DNS lookup, no TLS, no
 * registry.
 */
@AutoConfiguration(before = GrpcClientAutoConfiguration.class)
@ConditionalOnClass(InProcessServerBuilder.class)
@ConditionalOnBooleanProperty("grpc.client.test.in-process")
public final class InProcessChannelsAutoConfiguration {

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	InProcessGrpcServer grpcInProcessTestServer(ObjectProvider<BindableService> services,
			ObjectProvider<ServerServiceDefinition> definitions, ObjectProvider<ServerStartedListener> listeners) {
		InProcessGrpcServer server = new InProcessGrpcServer(services.orderedStream().toList(),
				definitions.orderedStream().toList());
		listeners.orderedStream().forEach((listener) -> listener.started(server));
		return server;
	}

	/**
	 * The channels of {@code grpc.client.test.channels}, or all when it is empty, call the
	 * in-process server.
	 */
	@Bean
	TargetOverride grpcInProcessTargets(InProcessGrpcServer server, Environment environment) {
		Set<String> channels = Set.copyOf(Binder.get(environment)
			.bind("grpc.client.test.channels", String[].class)
			.map(List::of)
			.orElse(List.of()));
		return (channel) -> (channels.isEmpty() || channels.contains(channel)) ? server.target() : null;
	}

	/**
	 * A health service the fakes' server serves, for code that reacts to NOT_SERVING: the test
	 * sets a service's status on this bean.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(HealthStatusManager.class)
	static class Health {

		@Bean
		@ConditionalOnMissingBean
		HealthStatusManager grpcTestHealthStatusManager() {
			return new HealthStatusManager();
		}

		@Bean
		ServerServiceDefinition grpcTestHealthService(HealthStatusManager health) {
			return health.getHealthService().bindService();
		}

		/**
		 * Every service the server serves starts SERVING, as a real server says once it runs, so
		 * that channels with health-check.service-name connect; a test changes it on the bean.
		 */
		@Bean
		ServerStartedListener grpcTestServicesServing(HealthStatusManager health) {
			return (server) -> server.services()
				.forEach((service) -> health.setStatus(service, HealthCheckResponse.ServingStatus.SERVING));
		}

	}

	/**
	 * Told once the context's in-process server has started.
	 */
	@FunctionalInterface
	interface ServerStartedListener {

		void started(InProcessGrpcServer server);

	}

}
