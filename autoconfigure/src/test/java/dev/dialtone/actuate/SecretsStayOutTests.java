package dev.dialtone.actuate;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.cloud.client.discovery.DiscoveryClient;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.RestClient;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.ChangingDiscoveryClient;
import dev.dialtone.test.GreeterBackend;

import static dev.dialtone.test.GreeterCalls.callWhenReady;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Credentials that reach Dialtone by the usual ways, a registry instance's metadata (Spring Boot
 * Admin puts {@code user.password} there) and the message of an exception a registry client throws
 * (a URL with a user and password), appear in no log line, no health body and no endpoint body.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(classes = SecretsStayOutTests.Application.class, webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,grpcchannels",
				"management.endpoint.health.show-details=always", "grpc.client.channels.greeter.target=discovery:///greeter",
				"grpc.client.channels.broken.target=discovery:///broken",
				"grpc.client.resolution.refresh-interval=1h", "grpc.client.resolution.min-interval=50ms" })
class SecretsStayOutTests {

	private static final String SECRET = "s3cr3t-Pa55";

	private static final GreeterBackend backend = GreeterBackend.start("a");

	private static final ChangingDiscoveryClient registry = new ChangingDiscoveryClient();

	@DynamicPropertySource
	static void registry(DynamicPropertyRegistry properties) {
		registry.add("greeter", backend);
		// An instance Dialtone cannot use, which it names in a warning.
		registry.add("greeter", "127.0.0.1", backend.port(),
				Map.of("grpc.port", "not-a-port", "user.name", "admin", "user.password", SECRET));
		registry.fail("broken",
				new IllegalStateException("GET http://admin:" + SECRET + "@registry.example/eureka/apps/broken: 503"));
	}

	@AfterAll
	static void stopBackend() {
		backend.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	GrpcChannels channels;

	@Test
	void credentialsInMetadataAndInARegistrysExceptionAreNeitherLoggedNorShown(CapturedOutput output) {
		assertThat(callWhenReady(this.channels.channel("greeter")).getBackend()).isEqualTo("a");
		this.channels.channel("broken").getState(true);
		await().atMost(Duration.ofSeconds(10))
			.until(() -> this.channels.activity("broken").resolutionFailures() >= 2);
		String health = get("/actuator/health");
		String endpoint = get("/actuator/grpcchannels");
		// What is written instead: the instance by id, host and port, the failure by its class.
		assertThat(output).contains("Instance greeter/greeter-127.0.0.1-" + backend.port() + " (host 127.0.0.1, port "
				+ backend.port() + ") has no usable host and gRPC port");
		assertThat(output).contains("Discovery of broken failed: exception (java.lang.IllegalStateException)");
		assertThat(health).contains("Discovery of broken failed: exception (java.lang.IllegalStateException)");
		assertThat(endpoint).contains("Discovery of broken failed: exception (java.lang.IllegalStateException)");
		assertThat(output).doesNotContain(SECRET);
		assertThat(health).doesNotContain(SECRET);
		assertThat(endpoint).doesNotContain(SECRET);
	}

	private String get(String path) {
		// A channel without backends makes health DOWN, answered with 503: the body is read all the same.
		return RestClient.create("http://127.0.0.1:" + this.port)
			.get()
			.uri(path)
			.retrieve()
			.onStatus((status) -> true, (request, response) -> {
			})
			.body(String.class);
	}

	@SpringBootConfiguration
	@EnableAutoConfiguration
	static class Application {

		@Bean
		DiscoveryClient testRegistry() {
			return registry;
		}

	}

}
