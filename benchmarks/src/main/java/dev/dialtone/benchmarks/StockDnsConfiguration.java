package dev.dialtone.benchmarks;

import java.net.InetSocketAddress;

import io.grpc.NameResolverProvider;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Replaces Dialtone's {@code dns} resolver with grpc-java's, the way an application would: a
 * {@link NameResolverProvider} bean for the scheme.
 */
@Configuration(proxyBeanMethods = false)
class StockDnsConfiguration {

	@Bean
	NameResolverProvider stockDnsNameResolverProvider(@Value("${benchmark.dns.port}") int port) {
		return new StockDnsNameResolverProvider(new InetSocketAddress("127.0.0.1", port));
	}

}
