package dev.dialtone.internal.channel;

import java.util.Set;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Channels share grpc-java's event loop and executors and connect lazily: building many of them
 * starts no thread.
 */
class ChannelThreadsTests {

	@Test
	void hundredChannelsStartNoThreads() {
		String[] properties = new String[100];
		for (int i = 0; i < properties.length; i++) {
			properties[i] = "grpc.client.channels.c" + i + ".target=static://127.0.0.1:" + (20000 + i);
		}
		Set<Thread> before = Thread.getAllStackTraces().keySet();
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class))
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context.getBean(GrpcChannels.class).names()).hasSize(100);
				Set<String> started = Thread.getAllStackTraces()
					.keySet()
					.stream()
					.filter((thread) -> !before.contains(thread))
					.map(Thread::getName)
					.filter((name) -> name.startsWith("grpc") || name.contains("dialtone"))
					.collect(Collectors.toSet());
				assertThat(started).isEmpty();
			});
	}

}
