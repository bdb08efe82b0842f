package dev.dialtone.sample;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.dialtone.sample.backend.EmbeddedEtcdBackends;
import dev.dialtone.sample.story.GreeterStory;
import dev.dialtone.sample.story.Leases;
import dev.dialtone.sample.story.ScaleUp;
import dev.dialtone.sample.story.StoryFacts;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole story, told at test speed against the embedded backends while the context starts;
 * each test checks one of its facts.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "sample.backend-work=20ms", "sample.story.calls=30", "sample.story.calls-per-second=100",
				"sample.story.traffic=2s", "sample.story.kill-after=500ms", "sample.story.settle=10s",
				"sample.story.pause=0s" })
class SampleStoryTests {

	@Autowired
	private GreeterStory story;

	@Autowired
	private JsonMapper json;

	@Autowired
	private ObjectProvider<EmbeddedEtcdBackends> etcdBackends;

	@LocalServerPort
	private int port;

	@Value("${grpc.client.channels.greeter.target}")
	private String greeterTarget;

	private StoryFacts facts() {
		return this.story.facts();
	}

	private HttpResponse<String> get(String actuatorPath) throws Exception {
		HttpRequest request = HttpRequest
			.newBuilder(URI.create("http://127.0.0.1:" + this.port + "/actuator/" + actuatorPath))
			.timeout(Duration.ofSeconds(5))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	@Test
	void callsSpreadOverAllThreeBackends() {
		assertThat(facts().spread().total()).isEqualTo(30);
		assertThat(facts().spread().backends()).containsExactly("a", "b", "c");
	}

	@Test
	void backendThatIsNotServingGetsNoCallsUntilItServesAgain() {
		assertThat(facts().whileNotServing().total()).isEqualTo(30);
		assertThat(facts().whileNotServing().servedBy("b")).isZero();
		assertThat(facts().servingAgain().servedBy("b")).isPositive();
	}

	@Test
	void noCallFailsWhenABackendIsKilledMidTraffic() {
		assertThat(facts().beforeKill().servedBy("c")).isPositive();
		assertThat(facts().afterKill().total()).isPositive();
		assertThat(facts().afterKill().servedBy("c")).isZero();
		assertThat(facts().failedCalls()).isZero();
	}

	@Test
	void everyBackendAddedBehindTheDnsNameGetsCallsWithinTheRefreshIntervalAndASecond() {
		ScaleUp scaleUp = facts().scaleUp();
		assertThat(scaleUp.oneAddress().total()).isEqualTo(30);
		assertThat(scaleUp.oneAddress().backends()).containsExactly("d1");
		assertThat(scaleUp.bound()).isEqualTo(Duration.ofSeconds(3));
		assertThat(scaleUp.newBackends()).containsExactly("d2", "d3");
		assertThat(scaleUp.firstCalls()).containsOnlyKeys("d2", "d3")
			.allSatisfy((backend, took) -> assertThat(took).isPositive().isLessThanOrEqualTo(scaleUp.bound()));
		assertThat(scaleUp.everyNewBackendReachedInTime()).isTrue();
		assertThat(scaleUp.grown().backends()).containsExactly("d1", "d2", "d3");
	}

	@Test
	void aBackendRegisteredInEtcdGetsCallsAtOnceAndNoneOnceItsLeaseHasExpired() {
		Assumptions.assumeTrue(this.etcdBackends.getIfAvailable() != null,
				"No etcd binary on this machine, so the sample skipped act 6 (apt-get install etcd-server)");
		Leases leases = facts().leases();
		assertThat(leases.wasTold()).isTrue();
		assertThat(leases.firstOnly().backends()).containsExactly("e1");
		assertThat(leases.firstCall()).hasValueSatisfying((took) -> assertThat(took).isLessThanOrEqualTo(Duration.ofSeconds(1)));
		assertThat(leases.expiring().servedBy("e2")).isPositive();
		assertThat(leases.lastCall())
			.hasValueSatisfying((took) -> assertThat(took).isLessThanOrEqualTo(leases.ttl().plusSeconds(1)));
		assertThat(leases.expired().total()).isEqualTo(30);
		assertThat(leases.expired().backends()).containsExactly("e1");
		assertThat(leases.held()).isTrue();
	}

	@Test
	void grpcChannelsEndpointDescribesTheGreeterChannel() throws Exception {
		HttpResponse<String> response = get("grpcchannels/greeter");
		assertThat(response.statusCode()).isEqualTo(200);
		JsonNode channel = this.json.readTree(response.body());
		assertThat(channel.path("target").asString()).isEqualTo(this.greeterTarget);
		assertThat(channel.path("resolution").path("addresses")).hasSize(3);
	}

	@Test
	void readyBackendsMeterIsExposed() throws Exception {
		HttpResponse<String> response = get("metrics/grpc.client.channel.backends.ready?tag=channel:greeter");
		assertThat(response.statusCode()).isEqualTo(200);
		// c was killed in act 3.
		assertThat(this.json.readTree(response.body()).path("measurements").path(0).path("value").asDouble())
			.isEqualTo(2.0);
	}

	@Test
	void storyHeldSoTheExitCodeIsZero() {
		assertThat(this.story.getExitCode()).isZero();
	}

}
