package dev.dialtone.autoconfigure;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The IDE help a user gets while typing {@code grpc.client.*}: a description for every property,
 * built-in defaults, and value hints.
 */
class ConfigurationMetadataTests {

	@SuppressWarnings("unchecked")
	@Test
	void everyPropertyIsDescribedAndTheKeyOnesHaveDefaultsAndHints() throws Exception {
		Map<String, Object> metadata;
		try (InputStream in = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			metadata = JsonPath.parse(in).read("$");
		}
		List<Map<String, Object>> properties = (List<Map<String, Object>>) metadata.get("properties");
		assertThat(properties).extracting((p) -> p.get("name"))
			.contains("grpc.client.enabled", "grpc.client.default-scheme", "grpc.client.resolution.refresh-interval",
					"grpc.client.resolution.min-interval", "grpc.client.defaults.resolution.refresh-interval",
					"grpc.client.defaults.target", "grpc.client.defaults.retry.max-attempts",
					"grpc.client.defaults.health-check.service-name", "grpc.client.defaults.ssl.bundle",
					"grpc.client.defaults.keepalive.time", "grpc.client.channels",
					"grpc.client.observations.enabled", "grpc.client.etcd.endpoints", "grpc.client.etcd.username",
					"grpc.client.etcd.password", "grpc.client.etcd.key-prefix", "grpc.client.etcd.ssl.bundle");
		assertThat(properties).allSatisfy((p) -> assertThat(p.get("description")).as(p.get("name").toString())
			.asString()
			.isNotBlank());
		assertThat(properties).filteredOn((p) -> p.get("name").equals("grpc.client.defaults.lb-policy"))
			.singleElement()
			.satisfies((p) -> assertThat(p.get("defaultValue")).isEqualTo("round_robin"));
		assertThat(properties).filteredOn((p) -> p.get("name").equals("grpc.client.resolution.refresh-interval"))
			.singleElement()
			.satisfies((p) -> assertThat(p.get("defaultValue")).isEqualTo("30s"));
		// Renamed keys still bind for a release; the IDE shows them struck through with their replacement.
		Map<String, String> replacements = Map.of("grpc.client.dns.refresh-interval",
				"grpc.client.resolution.refresh-interval", "grpc.client.dns.min-interval",
				"grpc.client.resolution.min-interval", "grpc.client.defaults.health.service-name",
				"grpc.client.channels.*.health-check.service-name", "grpc.client.defaults.dns.refresh-interval",
				"grpc.client.channels.*.resolution.refresh-interval");
		replacements.forEach((old, replacement) -> assertThat(properties)
			.filteredOn((p) -> p.get("name").equals(old))
			.singleElement()
			.satisfies((p) -> assertThat(p.get("deprecation")).as(old)
				.asInstanceOf(org.assertj.core.api.InstanceOfAssertFactories.MAP)
				.containsEntry("replacement", replacement)));
		List<Map<String, Object>> hints = (List<Map<String, Object>>) metadata.get("hints");
		assertThat(hints).extracting((h) -> h.get("name"))
			.contains("grpc.client.defaults.lb-policy", "grpc.client.defaults.retry.retryable-status-codes");
	}

}
