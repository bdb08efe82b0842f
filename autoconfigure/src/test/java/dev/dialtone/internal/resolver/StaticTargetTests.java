package dev.dialtone.internal.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.InvalidGrpcClientPropertyException;
import dev.dialtone.test.GreeterBackend;

import static dev.dialtone.test.GreeterCalls.call;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/**
 * Static lists of backends: {@code static://h1:p1,h2:p2}, {@code static:///...}, IPv6 literals,
 * and lists that cannot work.
 */
class StaticTargetTests {

	private final List<GreeterBackend> backends = new ArrayList<>();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	@AfterEach
	void stop() {
		this.backends.forEach(GreeterBackend::close);
	}

	@ParameterizedTest
	@ValueSource(strings = { "static://", "static:///" })
	void everyBackendOfAStaticListGetsCalls(String prefix) {
		GreeterBackend a = start("a", new InetSocketAddress("127.0.0.1", 0));
		GreeterBackend b = start("b", new InetSocketAddress("127.0.0.1", 0));
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=" + prefix + a.address() + ", " + b.address())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					call(channels.channel("greeter"));
					return a.calls() > 0 && b.calls() > 0;
				});
			});
	}

	@Test
	void anIpv6BackendIsWrittenInBrackets() {
		assumeThat(canBindIpv6Loopback()).as("::1 can be bound").isTrue();
		GreeterBackend v6 = start("v6", new InetSocketAddress("::1", 0));
		GreeterBackend v4 = start("v4", new InetSocketAddress("127.0.0.1", 0));
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=static://[::1]:" + v6.port() + "," + v4.address())
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				await().atMost(Duration.ofSeconds(10)).until(() -> {
					call(channels.channel("greeter"));
					return v6.calls() > 0 && v4.calls() > 0;
				});
			});
	}

	@ParameterizedTest
	@ValueSource(strings = { "static://", "static://127.0.0.1", "static://127.0.0.1:0", "static://127.0.0.1:70000",
			"static://127.0.0.1:6565,", "static://127.0.0.1:abc", "static://::1:6565", "static://[::1:6565",
			"static://no-such-host.invalid:6565" })
	void aBadStaticListStopsTheStartNamingTheTarget(String target) {
		this.runner.withPropertyValues("grpc.client.channels.greeter.target=" + target)
			.run((context) -> assertThat(context.getStartupFailure()).rootCause()
				.isInstanceOfSatisfying(InvalidGrpcClientPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("grpc.client.channels.greeter.target");
					assertThat(ex.getValue()).isEqualTo(target);
					assertThat(ex.getMessage()).contains("static://");
				}));
	}

	private GreeterBackend start(String name, InetSocketAddress listenOn) {
		GreeterBackend backend = GreeterBackend.start(name, listenOn);
		this.backends.add(backend);
		return backend;
	}

	private static boolean canBindIpv6Loopback() {
		try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName("::1"))) {
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
