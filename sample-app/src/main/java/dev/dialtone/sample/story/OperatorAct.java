package dev.dialtone.sample.story;

import java.io.IOException;
import java.util.List;

import io.grpc.ManagedChannel;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Act 4: the channel as an operator sees it, read over HTTP from the application's own Actuator:
 * the application's health (where the grpcChannels component shows every channel), the
 * grpcchannels endpoint, and one of the channel's meters.
 */
final class OperatorAct {

	// What an operator looks at first; the endpoint also says how the channel is secured and when
	// and how often its target was resolved.
	private static final List<String> ENDPOINT_FIELDS = List.of("target", "state", "lbPolicy", "serviceConfig");

	private static final String READY_BACKENDS = "grpc.client.channel.backends.ready";

	private final Narrator narrator;

	private final Actuator actuator;

	private final String channelName;

	private final ManagedChannel channel;

	OperatorAct(Narrator narrator, Actuator actuator, String channelName, ManagedChannel channel) {
		this.narrator = narrator;
		this.actuator = actuator;
		this.channelName = channelName;
		this.channel = channel;
	}

	void tell(int number) throws IOException, InterruptedException {
		this.narrator.act(number, "what an operator sees: health, the grpcchannels endpoint, a metric");
		Actuator.Answer health = this.actuator.get("health");
		this.narrator.say("GET " + health.uri() + " -> " + health.status());
		showBody(health, health.json());
		Actuator.Answer endpoint = this.actuator.get("grpcchannels/" + this.channelName);
		this.narrator.say("GET " + endpoint.uri() + " -> " + endpoint.status()
				+ ((endpoint.status() == 200) ? " (trimmed to what an operator looks at first)" : ""));
		showBody(endpoint, (endpoint.json() != null) ? trim(endpoint.json()) : null);
		Actuator.Answer metric = this.actuator.get("metrics/" + READY_BACKENDS + "?tag=channel:" + this.channelName);
		this.narrator.say("GET " + metric.uri() + " -> " + metric.status());
		if (metric.status() == 200 && metric.json() != null && endpoint.json() != null) {
			this.narrator.say(READY_BACKENDS + "{channel=" + this.channelName + "} = "
					+ value(metric.json()) + ", of " + endpoint.json().path("resolution").path("addresses").size()
					+ " addresses resolved");
		}
		else {
			showBody(metric, metric.json());
		}
		this.narrator.say("GrpcChannels.channel(\"" + this.channelName + "\").getState(false) = "
				+ this.channel.getState(false));
	}

	private void showBody(Actuator.Answer answer, JsonNode json) {
		this.narrator.show((json != null) ? this.actuator.pretty(json) : answer.body());
	}

	private static ObjectNode trim(JsonNode channel) {
		ObjectNode trimmed = JsonNodeFactory.instance.objectNode();
		ENDPOINT_FIELDS.forEach((field) -> trimmed.set(field, channel.get(field)));
		trimmed.putObject("resolution").set("addresses", channel.path("resolution").get("addresses"));
		trimmed.set("backends", channel.get("backends"));
		return trimmed;
	}

	private static String value(JsonNode metric) {
		double value = metric.path("measurements").path(0).path("value").asDouble();
		return (value == Math.rint(value)) ? String.valueOf((long) value) : String.valueOf(value);
	}

}
