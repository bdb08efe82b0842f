package dev.dialtone.sample.backend;

import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * When the sample starts backends of its own, and when it leaves the target to the user.
 */
class EmbeddedBackendsInitializerTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withInitializer(new EmbeddedBackendsInitializer());

	@Test
	void withoutTargetStartsThreeBackendsAndPointsTheChannelAtThem() {
		this.runner.run((context) -> {
			EmbeddedBackends backends = context.getBean(EmbeddedBackends.class);
			assertThat(backends.all()).extracting(GreeterBackend::name).containsExactly("a", "b", "c");
			assertThat(context.getEnvironment().getProperty(EmbeddedBackendsInitializer.TARGET_PROPERTY))
				.isEqualTo(backends.target())
				.matches("static://127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+,127\\.0\\.0\\.1:\\d+");
		});
	}

	@Test
	void withoutTargetAddsTheDnsChannelAndPointsDnsAtTheSamplesResponder() {
		this.runner.run((context) -> {
			EmbeddedDnsBackends backends = context.getBean(EmbeddedDnsBackends.class);
			assertThat(backends.all()).extracting(GreeterBackend::name).containsExactly("d1", "d2", "d3");
			assertThat(backends.all()).extracting(GreeterBackend::address)
				.containsExactly("127.0.0.1:" + backends.all().get(0).port(), "127.0.0.2:" + backends.all().get(0).port(),
						"127.0.0.3:" + backends.all().get(0).port());
			assertThat(context.getEnvironment().getProperty("grpc.client.channels.greeter-dns.target"))
				.isEqualTo("dns:///greeter.sample:" + backends.all().get(0).port());
			assertThat(context.getEnvironment().getProperty("grpc.client.channels.greeter-dns.resolution.refresh-interval"))
				.isEqualTo("2s");
			assertThat(context.getEnvironment().getProperty("grpc.client.dns.servers"))
				.isEqualTo(backends.dnsServer());
		});
	}

	@Test
	void userTargetStartsNoBackends() {
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=dns:///my-greeter:50051")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(EmbeddedBackends.class);
				assertThat(context).doesNotHaveBean(EmbeddedDnsBackends.class);
				assertThat(context.getEnvironment().containsProperty("grpc.client.channels.greeter-dns.target"))
					.isFalse();
				assertThat(context.getEnvironment().getProperty(EmbeddedBackendsInitializer.TARGET_PROPERTY))
					.isEqualTo("dns:///my-greeter:50051");
			});
	}

	@Test
	void externalBackendsStartNone() {
		this.runner.withPropertyValues("sample.backends=external")
			.run((context) -> assertThat(context).doesNotHaveBean(EmbeddedBackends.class));
	}

}
