package dev.dialtone.autoconfigure;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverProvider;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;

import dev.dialtone.GrpcChannelCustomizer;
import dev.dialtone.GrpcChannels;
import dev.dialtone.channel.ChannelActivity;
import dev.dialtone.channel.ChannelFactory;
import dev.dialtone.channel.ChannelScheme;
import dev.dialtone.channel.ChannelSpec;
import dev.dialtone.channel.NameResolverProviders;
import dev.dialtone.inject.GrpcClientInjectionInstaller;
import dev.dialtone.resolver.DnsResolution;

/**
 * Builds the channels configured under {@code grpc.client.channels} and makes them injectable with
 * {@code @GrpcClient}.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(ManagedChannel.class)
@ConditionalOnBooleanProperty(name = "grpc.client.enabled", matchIfMissing = true)
@EnableConfigurationProperties(GrpcClientProperties.class)
public final class GrpcClientAutoConfiguration {

	@Bean
	static GrpcClientInjectionInstaller grpcClientInjectionInstaller() {
		return new GrpcClientInjectionInstaller();
	}

	@Bean
	static LazyInitializationExcludeFilter grpcChannelsEagerInitialization() {
		// Channels are built at startup even in a lazy context, so that bad configuration fails the start.
		return LazyInitializationExcludeFilter.forBeanTypes(GrpcChannels.class);
	}

	/**
	 * The DNS servers asked and the one thread that schedules every channel's DNS lookups; closed
	 * after the channels, which depend on it.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DnsResolution grpcDnsResolution(GrpcClientProperties properties) {
		return DnsResolutionFactory.create(properties.getDns());
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	GrpcChannels grpcChannels(GrpcClientProperties properties, ListableBeanFactory beanFactory,
			ObjectProvider<NameResolverProvider> resolvers, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<GrpcChannelCustomizer> customizers, ObjectProvider<ClientInterceptor> interceptors,
			ObjectProvider<ChannelScheme> schemes, DnsResolution dnsResolution) {
		NameResolverProviders providers = new NameResolverProviders(resolvers.orderedStream().toList(),
				dnsResolution, schemes.orderedStream().toList());
		var specs = new ChannelSpecResolver(properties, providers, sslBundles.getIfAvailable(),
				classLoader(beanFactory)).resolveAll();
		ChannelInterceptorBeans interceptorBeans = new ChannelInterceptorBeans(beanFactory, interceptors,
				specs.keySet());
		var orderedCustomizers = customizers.orderedStream().toList();
		ChannelFactory factory = new ChannelFactory(providers,
				(name, builder) -> orderedCustomizers.forEach((customizer) -> customizer.customize(name, builder)));
		return new GrpcChannels(specs.values(), (ChannelSpec spec, ChannelActivity activity) -> factory.create(spec,
				interceptorBeans.forChannel(spec.name()), activity));
	}

	private static ClassLoader classLoader(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		return (classLoader != null) ? classLoader : GrpcClientAutoConfiguration.class.getClassLoader();
	}

}
