package dev.dialtone.test.support;

import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import dev.dialtone.test.support.app.GreetingApplication;
import dev.dialtone.test.support.app.Greetings;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * grpc.client.test.in-process=true, without the annotation, does the same.
 */
@SpringBootTest(classes = { GreetingApplication.class, PropertyFormTests.Fakes.class },
		properties = "grpc.client.test.in-process=true")
class PropertyFormTests {

	@TestConfiguration(proxyBeanMethods = false)
	static class Fakes {

		@Bean
		FakeGreeters.PlainGreeter plainGreeter() {
			return new FakeGreeters.PlainGreeter();
		}

	}

	@Test
	void callsReachTheFake(@Autowired Greetings greetings) {
		assertThat(greetings.hello("Ada")).isEqualTo("plain hello Ada");
	}

}
