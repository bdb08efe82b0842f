package dev.dialtone.actuate;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code /actuator/health} over HTTP with components shown and details not: the channels are
 * summarised by state, and each one is still there under its name. (With details shown every
 * channel is listed: {@link GrpcChannelsActuatorHttpTests}.)
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "management.endpoints.web.exposure.include=health",
				"management.endpoint.health.show-components=always",
				"grpc.client.channels.greeter.target=static://127.0.0.1:1",
				"grpc.client.channels.other.target=static://127.0.0.1:1",
				"grpc.client.channels.third.target=static://127.0.0.1:1" })
class GrpcChannelsHealthSummaryHttpTests {

	@LocalServerPort
	int port;

	private String get(String path) {
		return RestClient.create("http://127.0.0.1:" + this.port).get().uri(path).retrieve().body(String.class);
	}

	@Test
	void idleChannelsAreOneEntryAndEachIsStillThereByName() {
		String health = get("/actuator/health");
		// Actuator writes keys in alphabetical order.
		assertThat(health).contains("\"grpcChannels\":{\"components\":{\"IDLE\":{\"status\":\"UP\"}},\"status\":\"UP\"}")
			.doesNotContain("greeter")
			.doesNotContain("\"details\"");
		assertThat(get("/actuator/health/grpcChannels"))
			.startsWith("{\"components\":{\"IDLE\":{\"status\":\"UP\"}},")
			.doesNotContain("greeter");
		assertThat(get("/actuator/health/grpcChannels/greeter")).isEqualTo("{\"status\":\"UP\"}");
		assertThat(get("/actuator/health/grpcChannels/IDLE")).isEqualTo("{\"status\":\"UP\"}");
	}

	@SpringBootApplication
	static class TestApplication {

	}

}
