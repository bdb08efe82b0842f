package dev.dialtone.sample.story;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the application's own Actuator endpoints over real HTTP, as a monitoring system would.
 */
final class Actuator {

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private final JsonMapper json;

	private final URI base;

	Actuator(JsonMapper json, int port) {
		this.json = json;
		this.base = URI.create("http://127.0.0.1:" + port + "/actuator/");
	}

	/**
	 * The answer of the endpoint at {@code path}, such as {@code health} or
	 * {@code grpcchannels/greeter}, relative to {@code /actuator/}.
	 */
	Answer get(String path) throws IOException, InterruptedException {
		URI uri = this.base.resolve(path);
		HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).GET().build();
		HttpResponse<String> response = this.http.send(request, HttpResponse.BodyHandlers.ofString());
		return new Answer(uri, response.statusCode(), response.body(), parse(response.body()));
	}

	/**
	 * JSON indented for a reader.
	 */
	String pretty(JsonNode node) {
		return this.json.writerWithDefaultPrettyPrinter().writeValueAsString(node);
	}

	private JsonNode parse(String body) {
		try {
			return this.json.readTree(body);
		}
		catch (JacksonException ex) {
			// Not JSON (an error page, say): the answer keeps the body as it came.
			return null;
		}
	}

	/**
	 * @param uri what was asked
	 * @param status the HTTP status
	 * @param body the body as it came
	 * @param json the body as JSON, or null when it is none
	 */
	record Answer(URI uri, int status, String body, JsonNode json) {

	}

}
