package dev.dialtone.autoconfigure;

import java.util.List;

import io.grpc.ClientInterceptor;
import io.grpc.ManagedChannel;
import io.grpc.NameResolverProvider;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableBeanFactory;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.LazyInitializationExcludeFilter;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.dialtone.GrpcChannelCustomizer;
import dev.dialtone.GrpcChannels;
import dev.dialtone.internal.auth.OAuth2Registrations;
import dev.dialtone.internal.channel.ChannelActivity;
import dev.dialtone.internal.channel.ChannelFactory;
import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.channel.ManagedGrpcChannels;
import dev.dialtone.internal.inject.GrpcClientInjectionInstaller;
import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.ChannelSchemes;
import dev.dialtone.internal.resolver.DnsResolution;
import dev.dialtone.internal.resolver.DnsScheme;
import dev.dialtone.internal.resolver.InProcessScheme;
import dev.dialtone.internal.resolver.ResolutionDefaults;
import dev.dialtone.internal.resolver.StaticScheme;
import dev.dialtone.internal.resolver.TargetOverride;
import dev.dialtone.internal.resolver.discovery.DiscoveryUnavailable;
import dev.dialtone.internal.resolver.etcd.EtcdUnavailable;

/**
 * Builds the channels configured under {@code grpc.client.channels} and makes them injectable with
 * {@code @GrpcClient}.
 */
@AutoConfiguration(after = SslAutoConfiguration.class)
@ConditionalOnClass(ManagedChannel.class)
@ConditionalOnEnabledFlag("grpc.client.enabled")
@EnableConfigurationProperties(GrpcClientProperties.class)
public final class GrpcClientAutoConfiguration {

	@Bean
	static GrpcClientInjectionInstaller grpcClientInjectionInstaller() {
		return new GrpcClientInjectionInstaller();
	}

	/**
	 * Binds {@code grpc.client.channels} from the keys written under it: with a thousand channels
	 * Spring Boot's usual binding took most of the time they added to startup.
	 */
	@Bean
	static ChannelsBindHandlerAdvisor grpcChannelsBindHandlerAdvisor(Environment environment,
			ConfigurableListableBeanFactory beanFactory) {
		return new ChannelsBindHandlerAdvisor(environment, beanFactory);
	}

	@Bean
	InjectedMethodNamesCheck grpcInjectedMethodNamesCheck(GrpcClientProperties properties,
			ListableBeanFactory beanFactory) {
		return new InjectedMethodNamesCheck(properties, beanFactory);
	}

	@Bean
	static LazyInitializationExcludeFilter grpcChannelsEagerInitialization() {
		// Channels are built at startup even in a lazy context, so that bad configuration fails the start.
		return LazyInitializationExcludeFilter.forBeanTypes(GrpcChannels.class);
	}

	/**
	 * {@code grpc.client.resolution.*}, validated once for every refreshing resolver.
	 */
	@Bean
	@ConditionalOnMissingBean
	ResolutionDefaults grpcResolutionDefaults(GrpcClientProperties properties, Environment environment) {
		return new PropertyOrigins(environment)
			.explain(() -> ResolutionSettings.defaults(properties, new DeprecatedProperties()));
	}

	/**
	 * The DNS servers asked and the one thread that schedules every channel's DNS lookups; closed
	 * after the channels, which depend on it.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	DnsResolution grpcDnsResolution(GrpcClientProperties properties, ResolutionDefaults resolution,
			Environment environment) {
		return new DnsResolution(new PropertyOrigins(environment)
			.explain(() -> ResolutionSettings.dnsServers(properties.getDns().getServers())), resolution.minInterval());
	}

	@Bean
	ChannelScheme grpcDnsScheme(DnsResolution dnsResolution) {
		return new DnsScheme(dnsResolution);
	}

	@Bean
	ChannelScheme grpcStaticScheme() {
		return new StaticScheme();
	}

	@Bean
	ChannelScheme grpcInProcessScheme() {
		return new InProcessScheme();
	}

	/**
	 * Says what to add when a {@code discovery:} target is used without Spring Cloud's discovery
	 * client; the real scheme wins whenever it is there.
	 */
	@Bean
	ChannelScheme grpcDiscoveryUnavailableScheme(ListableBeanFactory beanFactory) {
		return DiscoveryUnavailable.scheme(classLoader(beanFactory));
	}

	/**
	 * Publishes channel state changes as application events; closed after the channels.
	 */
	@Bean(destroyMethod = "close")
	ChannelStateEvents grpcChannelStateEvents(ApplicationEventPublisher publisher) {
		return new ChannelStateEvents(publisher);
	}

	/**
	 * Says what to add when an {@code etcd:} target is used without jetcd; the real scheme wins
	 * whenever it is there.
	 */
	@Bean
	ChannelScheme grpcEtcdUnavailableScheme() {
		return EtcdUnavailable.scheme();
	}

	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	GrpcChannels grpcChannels(GrpcClientProperties properties, ListableBeanFactory beanFactory,
			Environment environment, ObjectProvider<NameResolverProvider> resolvers,
			ObjectProvider<ChannelScheme> schemes, ResolutionDefaults resolution, ObjectProvider<SslBundles> sslBundles,
			ObjectProvider<GrpcChannelCustomizer> customizers, ObjectProvider<ClientInterceptor> interceptors,
			ChannelStateEvents events, ObjectProvider<TargetOverride> overrides,
			ObjectProvider<OAuth2Registrations> oauth2) {
		ChannelSchemes channelSchemes = new ChannelSchemes(resolvers.orderedStream().toList(),
				schemes.orderedStream().toList());
		var specs = new PropertyOrigins(environment)
			.explain(() -> new ChannelSpecResolver(properties, channelSchemes, resolution,
					sslBundles.getIfAvailable(), classLoader(beanFactory), new DeprecatedProperties(),
					overrides.orderedStream().toList(), new AuthSettings(beanFactory, oauth2.getIfAvailable()))
				.resolveAll());
		ChannelInterceptorBeans interceptorBeans = new ChannelInterceptorBeans(beanFactory, interceptors,
				specs.keySet());
		List<GrpcChannelCustomizer> orderedCustomizers = customizers.orderedStream().toList();
		ChannelFactory factory = new ChannelFactory(
				(name, builder) -> orderedCustomizers.forEach((customizer) -> customizer.customize(name, builder)),
				events);
		return new ManagedGrpcChannels(specs.values(), (ChannelSpec spec, ChannelActivity activity) -> factory
			.create(spec, interceptorBeans.forChannel(spec.name()), activity));
	}

	private static ClassLoader classLoader(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = (beanFactory instanceof ConfigurableBeanFactory configurable)
				? configurable.getBeanClassLoader() : null;
		return (classLoader != null) ? classLoader : GrpcClientAutoConfiguration.class.getClassLoader();
	}

}
