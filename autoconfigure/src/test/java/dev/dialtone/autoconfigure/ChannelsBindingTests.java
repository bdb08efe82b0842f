package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.BoundConfigurationProperties;
import org.springframework.boot.context.properties.ConfigurationPropertiesBindHandlerAdvisor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBinding;
import org.springframework.boot.context.properties.bind.AbstractBindHandler;
import org.springframework.boot.context.properties.bind.BindContext;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.convert.converter.Converter;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.MutablePropertySources;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;
import org.springframework.util.unit.DataSize;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * grpc.client.channels is bound from the keys written under it, and binds exactly what Spring
 * Boot's own binding of GrpcClientProperties binds: relaxed names, lists in both forms, nested
 * groups, placeholders, map keys in brackets, precedence between sources, environment variables.
 */
class ChannelsBindingTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@Test
	void bindsWhatSpringBootsOwnBindingBinds() {
		Map<String, Object> high = new LinkedHashMap<>();
		high.put("backend.port", "7001");
		high.put("grpc.client.channels.svc.target", "static://127.0.0.1:7000");
		high.put("grpc.client.channels.svc.lbPolicy", "pick_first");
		high.put("grpc.client.channels.svc.idleTimeout", "5m");
		high.put("grpc.client.channels.svc.deadline", "2s");
		high.put("grpc.client.channels.svc.max-inbound-message-size", "8MB");
		high.put("grpc.client.channels.svc.retry.max-attempts", "3");
		high.put("grpc.client.channels.svc.retry.retryable-status-codes", "UNAVAILABLE,ABORTED");
		high.put("grpc.client.channels.svc.outlier-detection.enabled", "true");
		high.put("grpc.client.channels.svc.outlier-detection.success-rate.request-volume", "20");
		high.put("grpc.client.channels.svc.methods[0].names[0]", "helloworld.Greeter/SayHello");
		high.put("grpc.client.channels.svc.methods[0].deadline", "1s");
		high.put("grpc.client.channels.svc.methods[1].names", "helloworld.Greeter");
		high.put("grpc.client.channels.svc.methods[1].wait-for-ready", "true");
		high.put("grpc.client.channels.placeholder.target", "static://127.0.0.1:${backend.port}");
		high.put("grpc.client.channels[with.dot].target", "static://127.0.0.1:7002");
		Map<String, Object> low = new LinkedHashMap<>();
		low.put("grpc.client.channels.svc.deadline", "9s");
		low.put("grpc.client.channels.svc.user-agent", "from-low");
		low.put("grpc.client.channels.svc.retry.retryable-status-codes[0]", "INTERNAL");
		low.put("grpc.client.channels.low.target", "static://127.0.0.1:7004");
		low.put("grpc.client.channels.low.keepalive.time", "40s");
		Map<String, Object> environment = new HashMap<>();
		environment.put("GRPC_CLIENT_CHANNELS_ENVONLY_TARGET", "static://127.0.0.1:7003");
		environment.put("GRPC_CLIENT_CHANNELS_SVC_SHUTDOWNGRACEPERIOD", "7s");
		environment.put("GRPC_CLIENT_CHANNELS_LOW_HEALTH_SERVICENAME", "from-env");
		this.runner.withInitializer((context) -> {
			MutablePropertySources sources = context.getEnvironment().getPropertySources();
			sources.addFirst(new MapPropertySource("high", high));
			sources.replace(StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, new SystemEnvironmentPropertySource(
					StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME, environment));
			sources.addLast(new MapPropertySource("low", low));
		}).run((context) -> {
			assertThat(context).hasNotFailed();
			Map<String, ChannelProperties> channels = context.getBean(GrpcClientProperties.class).getChannels();
			assertThat(channels).containsOnlyKeys("svc", "placeholder", "with.dot", "low", "envonly");
			ChannelProperties svc = channels.get("svc");
			assertThat(svc.getLbPolicy()).isEqualTo("pick_first");
			assertThat(svc.getIdleTimeout()).isEqualTo(Duration.ofMinutes(5));
			assertThat(svc.getDeadline()).isEqualTo(Duration.ofSeconds(2));
			assertThat(svc.getUserAgent()).isEqualTo("from-low");
			assertThat(svc.getShutdownGracePeriod()).isEqualTo(Duration.ofSeconds(7));
			assertThat(svc.getMaxInboundMessageSize()).isEqualTo(DataSize.ofMegabytes(8));
			assertThat(svc.getRetry().getMaxAttempts()).isEqualTo(3);
			assertThat(svc.getRetry().getRetryableStatusCodes()).containsExactly("UNAVAILABLE", "ABORTED");
			assertThat(svc.getOutlierDetection().getSuccessRate().getRequestVolume()).isEqualTo(20);
			assertThat(svc.getMethods()).hasSize(2);
			assertThat(svc.getMethods().get(0).getNames()).containsExactly("helloworld.Greeter/SayHello");
			assertThat(svc.getMethods().get(1).getWaitForReady()).isTrue();
			assertThat(channels.get("placeholder").getTarget()).isEqualTo("static://127.0.0.1:7001");
			assertThat(channels.get("with.dot").getTarget()).isEqualTo("static://127.0.0.1:7002");
			assertThat(channels.get("envonly").getTarget()).isEqualTo("static://127.0.0.1:7003");
			assertThat(channels.get("low").getKeepalive().getTime()).isEqualTo(Duration.ofSeconds(40));
			assertThat(channels.get("low").getHealth().getServiceName()).isEqualTo("from-env");
			assertThat(channels).usingRecursiveComparison().isEqualTo(boundBySpringBoot(context).getChannels());
		});
	}

	@Test
	void everyBoundChannelPropertyKeepsItsOriginForConfigprops() {
		this.runner.withInitializer((context) -> context.getEnvironment()
			.getPropertySources()
			.addFirst(new MapPropertySource("written", Map.of("grpc.client.channels.svc.target", "static://127.0.0.1:7000",
					"grpc.client.channels.svc.retry.max-attempts", "4"))))
			.run((context) -> {
				BoundConfigurationProperties bound = BoundConfigurationProperties.get(context);
				ConfigurationProperty target = bound.get(ConfigurationPropertyName.of("grpc.client.channels.svc.target"));
				ConfigurationProperty attempts = bound
					.get(ConfigurationPropertyName.of("grpc.client.channels.svc.retry.max-attempts"));
				assertThat(target).isNotNull();
				assertThat(target.getValue()).isEqualTo("static://127.0.0.1:7000");
				assertThat(String.valueOf(target.getOrigin())).contains("written");
				assertThat(attempts).isNotNull();
				assertThat(attempts.getValue()).isEqualTo("4");
			});
	}

	@Test
	void bindsOnlyTheKeysWrittenUnderEachChannel() {
		// Spring Boot's own binding starts binding every property each channel could have: 23, and
		// the nested ones of every group with something written.
		List<String> written = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			written.add("grpc.client.channels.c" + i + ".target=static://127.0.0.1:" + (7000 + i));
		}
		this.runner.withPropertyValues(written.toArray(String[]::new))
			.withUserConfiguration(CountingBindings.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(GrpcClientProperties.class).getChannels()).hasSize(20);
				// Per channel: the channel and its target.
				assertThat(context.getBean(CountingBindings.class).started).hasValue(2 * written.size());
			});
	}

	@Test
	void handlersSeeEveryNameAtTheDepthSpringBootsOwnBindingGivesIt() {
		String[] written = { "grpc.client.channels.svc.target=static://127.0.0.1:7000",
				"grpc.client.channels.svc.retry.max-attempts=3",
				"grpc.client.channels.svc.methods[0].names=helloworld.Greeter" };
		Map<String, Integer> dialtone = depths(this.runner.withPropertyValues(written));
		// An application converter leaves the channels to Spring Boot's own binding.
		Map<String, Integer> springBoot = depths(
				this.runner.withPropertyValues(written).withUserConfiguration(ForeverConverter.class));
		assertThat(dialtone).containsKeys("grpc.client.channels", "grpc.client.channels.svc",
				"grpc.client.channels.svc.target", "grpc.client.channels.svc.retry.max-attempts",
				"grpc.client.channels.svc.methods[0].names");
		assertThat(springBoot).containsAllEntriesOf(dialtone);
	}

	private static Map<String, Integer> depths(ApplicationContextRunner runner) {
		Map<String, Integer> depths = new HashMap<>();
		runner.withUserConfiguration(CountingBindings.class).run((context) -> {
			assertThat(context).hasNotFailed();
			depths.putAll(context.getBean(CountingBindings.class).depths);
		});
		return depths;
	}

	@Test
	void convertersOfTheApplicationAreStillUsed() {
		this.runner.withUserConfiguration(ForeverConverter.class)
			.withPropertyValues("grpc.client.channels.svc.target=static://127.0.0.1:7000",
					"grpc.client.channels.svc.idle-timeout=forever")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(GrpcClientProperties.class).getChannels().get("svc").getIdleTimeout())
					.isEqualTo(ForeverConverter.FOREVER);
			});
	}

	private static GrpcClientProperties boundBySpringBoot(ConfigurableApplicationContext context) {
		return Binder.get(context.getEnvironment()).bind("grpc.client", GrpcClientProperties.class).get();
	}

	/**
	 * Counts the channel properties Spring Boot's binder starts binding; ordered first, so that
	 * Dialtone's handler wraps it.
	 */
	@Configuration(proxyBeanMethods = false)
	static class CountingBindings {

		final AtomicInteger started = new AtomicInteger();

		final Map<String, Integer> depths = new ConcurrentHashMap<>();

		@Bean
		@Order(Ordered.HIGHEST_PRECEDENCE)
		ConfigurationPropertiesBindHandlerAdvisor countingAdvisor() {
			return (handler) -> new AbstractBindHandler(handler) {

				@Override
				public <T> Bindable<T> onStart(ConfigurationPropertyName name, Bindable<T> target,
						BindContext context) {
					if (ChannelsBindHandlerAdvisor.CHANNELS.isAncestorOf(name)) {
						CountingBindings.this.started.incrementAndGet();
					}
					if (ChannelsBindHandlerAdvisor.CHANNELS.isAncestorOf(name)
							|| ChannelsBindHandlerAdvisor.CHANNELS.equals(name)) {
						CountingBindings.this.depths.put(name.toString(), context.getDepth());
					}
					return super.onStart(name, target, context);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ForeverConverter {

		static final Duration FOREVER = Duration.ofDays(30);

		@Bean
		@ConfigurationPropertiesBinding
		static Converter<String, Duration> foreverConverter() {
			return (text) -> "forever".equals(text) ? FOREVER : Duration.parse(text);
		}

	}

}
