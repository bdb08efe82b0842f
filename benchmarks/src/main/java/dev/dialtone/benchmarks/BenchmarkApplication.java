package dev.dialtone.benchmarks;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.metrics.ApplicationStartup;

/**
 * The application every measurement starts: Dialtone and Actuator auto-configured as a user gets
 * them, no web server unless one is asked for, quiet logs so that logging does not weigh on what is timed.
 */
@SpringBootConfiguration
@EnableAutoConfiguration
class BenchmarkApplication {

	/**
	 * @param properties the application's properties
	 * @param extraSources configuration classes added to the application's, e.g. a resolver bean
	 */
	static ConfigurableApplicationContext run(Map<String, Object> properties, Class<?>... extraSources) {
		return run(WebApplicationType.NONE, properties, extraSources);
	}

	/**
	 * @param web whether the application serves HTTP (Spring MVC on Tomcat, for the actuator
	 * endpoints) or not
	 * @param properties the application's properties
	 * @param extraSources configuration classes added to the application's
	 */
	static ConfigurableApplicationContext run(WebApplicationType web, Map<String, Object> properties,
			Class<?>... extraSources) {
		return run(ApplicationStartup.DEFAULT, web, properties, extraSources);
	}

	/**
	 * @param startup records the steps of the start, e.g. a {@code BufferingApplicationStartup}
	 * @param web whether the application serves HTTP
	 * @param properties the application's properties
	 * @param extraSources configuration classes added to the application's
	 */
	static ConfigurableApplicationContext run(ApplicationStartup startup, WebApplicationType web,
			Map<String, Object> properties, Class<?>... extraSources) {
		Map<String, Object> all = new LinkedHashMap<>();
		all.put("spring.main.banner-mode", "off");
		all.put("spring.main.log-startup-info", "false");
		all.put("logging.level.root", "WARN");
		all.putAll(properties);
		return new SpringApplicationBuilder(BenchmarkApplication.class).sources(extraSources)
			.web(web)
			.applicationStartup(startup)
			.properties(all)
			.run();
	}

}
