package dev.dialtone.autoconfigure.etcd;

import io.etcd.jetcd.Client;
import io.grpc.ManagedChannel;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.ssl.SslAutoConfiguration;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.ssl.SslBundles;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

import dev.dialtone.autoconfigure.ConditionalOnEnabledFlag;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.GrpcClientProperties;
import dev.dialtone.autoconfigure.PropertyOrigins;
import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.ResolutionDefaults;
import dev.dialtone.internal.resolver.etcd.EtcdResolution;
import dev.dialtone.internal.resolver.etcd.EtcdScheme;

/**
 * Adds the {@code etcd} scheme to Dialtone's channels when jetcd is on the classpath:
 * {@code etcd:///service} resolves to the addresses under the keys {@code service/} of the cluster
 * of {@code grpc.client.etcd.*}, read once and then watched.
 */
@AutoConfiguration(after = { GrpcClientAutoConfiguration.class, SslAutoConfiguration.class })
@ConditionalOnClass({ ManagedChannel.class, Client.class })
@ConditionalOnEnabledFlag("grpc.client.enabled")
@EnableConfigurationProperties(GrpcClientProperties.class)
public final class GrpcClientEtcdAutoConfiguration {

	/**
	 * The etcd client, every target's watch, and the one thread they work on; closed after the
	 * channels, which depend on it. Connects to etcd only when a channel resolves an etcd: target.
	 */
	@Bean(destroyMethod = "close")
	@ConditionalOnMissingBean
	EtcdResolution grpcEtcdResolution(GrpcClientProperties properties, ObjectProvider<SslBundles> sslBundles,
			ResolutionDefaults resolution, Environment environment) {
		return new EtcdResolution(new PropertyOrigins(environment)
			.explain(() -> EtcdSettings.cluster(properties.getEtcd(), sslBundles.getIfAvailable())), resolution);
	}

	@Bean
	ChannelScheme grpcEtcdScheme(EtcdResolution etcdResolution) {
		return new EtcdScheme(etcdResolution);
	}

}
