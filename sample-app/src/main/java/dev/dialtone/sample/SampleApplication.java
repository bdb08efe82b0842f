package dev.dialtone.sample;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Tells the sample's story, then ends: exit code 0 when every call succeeded, the backend that
 * was not serving got none, and every backend added behind the DNS name got a call in time.
 */
@SpringBootApplication
@EnableConfigurationProperties(SampleProperties.class)
public class SampleApplication {

	public static void main(String[] args) {
		ConfigurableApplicationContext context = SpringApplication.run(SampleApplication.class, args);
		System.exit(SpringApplication.exit(context));
	}

}
