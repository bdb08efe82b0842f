package dev.dialtone.sample.story;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the application's own health endpoint over real HTTP, as a monitoring system would.
 */
final class ActuatorHealth {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json;

	private final URI base;

	ActuatorHealth(JsonMapper json, int port) {
		this.json = json;
		this.base = URI.create("http://127.0.0.1:" + port + "/actuator/health");
	}

	/**
	 * The health of the whole application, or of one component when {@code path} names it.
	 */
	Answer get(String path) throws IOException, InterruptedException {
		URI uri = path.isEmpty() ? this.base : URI.create(this.base + "/" + path);
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Answer(uri, response.statusCode(), pretty(response.body()));
	}

	private String pretty(String body) {
		try {
			return this.json.writerWithDefaultPrettyPrinter().writeValueAsString(this.json.readTree(body));
		}
		catch (JacksonException ex) {
			// Not JSON (an error page, say): show it as it came.
			return body;
		}
	}

	record Answer(URI uri, int status, String body) {

	}

}
