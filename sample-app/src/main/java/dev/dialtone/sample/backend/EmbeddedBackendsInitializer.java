package dev.dialtone.sample.backend;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.support.DefaultSingletonBeanRegistry;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import dev.dialtone.sample.SampleProperties;
import dev.dialtone.sample.SampleProperties.Backends;

/**
 * Starts the embedded backends before the context refreshes, because the channels' targets name
 * their ports and those are only known once they listen: backends a, b and c for the greeter
 * channel, d1, d2 and d3 behind a DNS name for the greeter-dns channel, and, when the machine has an
 * etcd binary, an etcd with e1 and e2 for the greeter-etcd channel; those two channels only exist
 * here. Does nothing when the user configured a target of their own.
 */
public class EmbeddedBackendsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String TARGET_PROPERTY = "grpc.client.channels.greeter.target";

	/**
	 * The channel that finds backends d1, d2 and d3 through DNS.
	 */
	public static final String DNS_CHANNEL = "greeter-dns";

	static final String DNS_CHANNEL_PREFIX = "grpc.client.channels." + DNS_CHANNEL + ".";

	/**
	 * How often the greeter-dns channel asks DNS again, unless configured otherwise: short, so
	 * that the story need not wait long for a scale-up to be seen.
	 */
	static final String DNS_REFRESH_INTERVAL = "2s";

	/**
	 * The channel that finds backends e1 and e2 through their registrations in etcd.
	 */
	public static final String ETCD_CHANNEL = "greeter-etcd";

	static final String ETCD_CHANNEL_PREFIX = "grpc.client.channels." + ETCD_CHANNEL + ".";

	/**
	 * The time to live of e1's lease, registered before the context starts; kept alive throughout.
	 */
	public static final Duration FIRST_LEASE = Duration.ofSeconds(10);

	private static final String BEAN_NAME = "embeddedGreeterBackends";

	private static final String ETCD_BEAN_NAME = "embeddedEtcdGreeterBackends";

	private static final String DNS_BEAN_NAME = "embeddedDnsGreeterBackends";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		SampleProperties properties = Binder.get(environment)
			.bindOrCreate("sample", SampleProperties.class);
		if (environment.containsProperty(TARGET_PROPERTY) || properties.getBackends() != Backends.EMBEDDED) {
			return;
		}
		EmbeddedBackends backends = EmbeddedBackends.start(List.of("a", "b", "c"), properties.getBackendWork());
		EmbeddedDnsBackends dnsBackends;
		try {
			dnsBackends = EmbeddedDnsBackends.start(List.of("d1", "d2", "d3"), properties.getBackendWork());
		}
		catch (RuntimeException ex) {
			backends.close();
			throw ex;
		}
		register(context, BEAN_NAME, backends);
		register(context, DNS_BEAN_NAME, dnsBackends);
		// Lowest precedence: defaults for the channels, like the rest of application.yml.
		Map<String, Object> defaults = new LinkedHashMap<>(Map.of(
				TARGET_PROPERTY, backends.target(),
				DNS_CHANNEL_PREFIX + "target", dnsBackends.target(),
				DNS_CHANNEL_PREFIX + "resolution.refresh-interval", DNS_REFRESH_INTERVAL,
				DNS_CHANNEL_PREFIX + "deadline", "2s",
				"grpc.client.dns.servers", dnsBackends.dnsServer()));
		String etcdBinary = EmbeddedEtcdBackends.findBinary(properties.getEtcdBinary());
		if (etcdBinary != null) {
			EmbeddedEtcdBackends etcdBackends = EmbeddedEtcdBackends.start(etcdBinary, List.of("e1", "e2"),
					properties.getBackendWork());
			register(context, ETCD_BEAN_NAME, etcdBackends);
			etcdBackends.register(etcdBackends.all().get(0), FIRST_LEASE);
			defaults.putAll(Map.of(
					ETCD_CHANNEL_PREFIX + "target", etcdBackends.target(),
					ETCD_CHANNEL_PREFIX + "deadline", "2s",
					ETCD_CHANNEL_PREFIX + "retry.enabled", "true",
					"grpc.client.etcd.endpoints", etcdBackends.endpoint()));
		}
		environment.getPropertySources().addLast(new MapPropertySource(BEAN_NAME, defaults));
	}

	private static void register(ConfigurableApplicationContext context, String name, AutoCloseable backends) {
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(name, backends);
		// Registered before any other bean, so destroyed after all of them: the backends outlive
		// the channels that call them, and stop with the context even when its start fails.
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(name, backends::close);
	}

}
