package dev.dialtone.test.support;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.dialtone.test.AutoConfigureInProcessChannels;
import dev.dialtone.test.support.app.GreetingApplication;
import dev.dialtone.test.support.app.Greetings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Another test class of the same application with other fakes, in the same JVM: its calls reach
 * its own fake, never the other class's server.
 */
@SpringBootTest(classes = { GreetingApplication.class, OtherFakesTests.Fakes.class })
@AutoConfigureInProcessChannels(channels = "greeter")
class OtherFakesTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Fakes {

		@Bean
		FakeGreeters.PlainGreeter plainGreeter() {
			return new FakeGreeters.PlainGreeter();
		}

	}

	@Test
	void callsReachThisClassesFake(@Autowired Greetings greetings) {
		for (int i = 0; i < 5; i++) {
			assertThat(greetings.hello("Ada")).isEqualTo("plain hello Ada");
		}
	}

	@Test
	void onlyTheNamedChannelsArePointedAtTheServer(@Autowired dev.dialtone.GrpcChannels channels) {
		assertThat(channels.settings("greeter").target()).startsWith("in-process:dialtone-test-");
		assertThat(channels.settings("other").target()).isEqualTo("static://127.0.0.1:1");
	}

}
