package dev.dialtone.actuate;

import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.web.client.HttpClientErrorException;
import org.springframework.web.client.RestClient;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.GreeterBackend;
import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloRequest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * The whole path: a web application with Actuator, asked over HTTP.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health,grpcchannels",
				"management.endpoint.health.show-details=always",
				"management.endpoint.health.probes.enabled=true",
				"management.endpoint.health.group.readiness.include=readinessState,grpcChannels" })
class GrpcChannelsActuatorHttpTests {

	private static final GreeterBackend backend = GreeterBackend.start("a");

	@DynamicPropertySource
	static void channels(DynamicPropertyRegistry registry) {
		registry.add("grpc.client.channels.greeter.target", () -> "static://" + backend.address());
	}

	@AfterAll
	static void stopBackend() {
		backend.close();
	}

	@LocalServerPort
	int port;

	@Autowired
	GrpcChannels channels;

	private String get(String path) {
		return RestClient.create("http://127.0.0.1:" + this.port).get().uri(path).retrieve().body(String.class);
	}

	@Test
	void healthAndEndpointOverHttp() {
		GreeterGrpc.newBlockingStub(this.channels.channel("greeter")).sayHello(HelloRequest.newBuilder().build());
		await().atMost(Duration.ofSeconds(10))
			.untilAsserted(() -> assertThat(get("/actuator/health/grpcChannels/greeter")).contains("\"status\":\"UP\"")
				.contains("\"state\":\"READY\"")
				.contains("\"target\":\"static://" + backend.address() + "\""));
		assertThat(get("/actuator/health/readiness")).contains("grpcChannels");
		assertThat(get("/actuator/health/liveness")).doesNotContain("grpcChannels");
		String all = get("/actuator/grpcchannels");
		assertThat(all).contains("\"greeter\"")
			.contains("\"lbPolicy\":\"round_robin\"")
			.contains("\"security\":\"plaintext\"")
			.contains("\"loadBalancingConfig\":[{\"round_robin\":{}}]")
			.contains("\"addresses\":[\"" + backend.address() + "\"]")
			.doesNotContain("dialtone_observed");
		assertThat(get("/actuator/grpcchannels/greeter")).contains("\"name\":\"greeter\"")
			.contains("\"state\":\"READY\"");
		assertThatExceptionOfType(HttpClientErrorException.class).isThrownBy(() -> get("/actuator/grpcchannels/nope"))
			.satisfies((ex) -> assertThat(ex.getStatusCode()).isEqualTo(HttpStatus.NOT_FOUND));
	}

	@SpringBootApplication
	static class TestApplication {

	}

}
