package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.List;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.test.GreeterBackend;

import static dev.dialtone.test.GreeterCalls.tryCall;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The lines an operator reads when a channel's only backend crashes and comes back: one INFO line
 * per change of state, the failure with its reason.
 */
class ChannelStateLoggerTests {

	private final ListAppender<ILoggingEvent> appender = new ListAppender<>();

	private final Logger logger = (Logger) LoggerFactory.getLogger(GrpcChannels.class);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@BeforeEach
	void capture() {
		this.appender.start();
		this.logger.addAppender(this.appender);
	}

	@AfterEach
	void release() {
		this.logger.detachAppender(this.appender);
		this.appender.stop();
	}

	private List<String> infoLines() {
		synchronized (this.appender) {
			return this.appender.list.stream()
				.filter((event) -> event.getLevel() == Level.INFO)
				.map(ILoggingEvent::getFormattedMessage)
				.toList();
		}
	}

	@Test
	void oneInfoLinePerChangeWhenTheOnlyBackendDiesAndComesBack() {
		GreeterBackend backend = GreeterBackend.start("a");
		GreeterBackend[] restarted = new GreeterBackend[1];
		try {
			this.runner.withPropertyValues("grpc.client.channels.greeter.target=static://" + backend.address())
				.run((context) -> {
					GrpcChannels channels = context.getBean(GrpcChannels.class);
					String prefix = "gRPC channel 'greeter' went from ";
					await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
						tryCall(channels.channel("greeter"));
						assertThat(infoLines()).contains(prefix + "CONNECTING to READY");
					});

					backend.kill();
					// Room for one connection attempt that hangs until grpc-java's 20 s connect
					// timeout, e.g. when another process on this machine took the freed port.
					await().atMost(Duration.ofSeconds(45)).untilAsserted(() -> {
						tryCall(channels.channel("greeter"));
						assertThat(infoLines()).anyMatch((line) -> line.contains("to TRANSIENT_FAILURE"));
					});
					String failure = infoLines().stream()
						.filter((line) -> line.contains("to TRANSIENT_FAILURE"))
						.findFirst()
						.orElseThrow();
					assertThat(failure).startsWith(prefix)
						.contains("to TRANSIENT_FAILURE: " + backend.address() + ": UNAVAILABLE");

					restarted[0] = backend.restart();
					await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
						tryCall(channels.channel("greeter"));
						assertThat(infoLines()).contains(prefix + "TRANSIENT_FAILURE to READY");
					});

					List<String> lines = infoLines();
					System.out.println("Logged:\n" + String.join("\n", lines));
					assertThat(lines).allMatch((line) -> line.startsWith(prefix));
					assertThat(lines).filteredOn((line) -> line.contains("to TRANSIENT_FAILURE")).hasSize(1);
					assertThat(lines).filteredOn((line) -> line.contains("TRANSIENT_FAILURE to READY")).hasSize(1);
					for (int i = 1; i < lines.size(); i++) {
						assertThat(lines.get(i)).as("line %d repeats the one before", i).isNotEqualTo(lines.get(i - 1));
					}
					assertThat(lines.get(lines.size() - 1)).isEqualTo(prefix + "TRANSIENT_FAILURE to READY");
				});
		}
		finally {
			backend.close();
			if (restarted[0] != null) {
				restarted[0].close();
			}
		}
	}

}
