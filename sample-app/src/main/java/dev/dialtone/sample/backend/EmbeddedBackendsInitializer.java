package dev.dialtone.sample.backend;

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
 * Starts the embedded backends before the context refreshes, because the greeter channel's target
 * names their ports and those are only known once they listen. Does nothing when the user
 * configured a target of their own.
 */
public class EmbeddedBackendsInitializer implements ApplicationContextInitializer<ConfigurableApplicationContext> {

	static final String TARGET_PROPERTY = "grpc.client.channels.greeter.target";

	private static final String BEAN_NAME = "embeddedGreeterBackends";

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		ConfigurableEnvironment environment = context.getEnvironment();
		SampleProperties properties = Binder.get(environment)
			.bindOrCreate("sample", SampleProperties.class);
		if (environment.containsProperty(TARGET_PROPERTY) || properties.getBackends() != Backends.EMBEDDED) {
			return;
		}
		EmbeddedBackends backends = EmbeddedBackends.start(List.of("a", "b", "c"), properties.getBackendWork());
		// Lowest precedence: a default for the channel, like the rest of application.yml.
		environment.getPropertySources()
			.addLast(new MapPropertySource(BEAN_NAME, Map.of(TARGET_PROPERTY, backends.target())));
		ConfigurableListableBeanFactory beanFactory = context.getBeanFactory();
		beanFactory.registerSingleton(BEAN_NAME, backends);
		// Registered before any other bean, so destroyed after all of them: the backends outlive
		// the channel that calls them, and stop with the context even when its start fails.
		((DefaultSingletonBeanRegistry) beanFactory).registerDisposableBean(BEAN_NAME, backends::close);
	}

}
