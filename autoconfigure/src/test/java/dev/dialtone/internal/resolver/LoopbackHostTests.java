package dev.dialtone.internal.resolver;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which hosts are known, from their name alone, to be this host's loopback interface: credentials
 * may go to them in the clear.
 */
class LoopbackHostTests {

	@ParameterizedTest
	@ValueSource(strings = { "127.0.0.1:6565", "127.0.0.2:6565", "127.255.255.254:1", "[::1]:6565",
			"[0:0:0:0:0:0:0:1]:6565", "localhost:6565", "LOCALHOST:6565", "localhost.:6565", "[::ffff:127.0.0.1]:1" })
	void loopback(String value) {
		assertThat(HostAndPort.parse(value, "allowed").isLoopback()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "10.0.0.7:6565", "128.0.0.1:6565", "0.0.0.0:6565", "[::2]:6565", "[::]:6565",
			"localhost.example.com:6565", "mylocalhost:6565", "greeter:6565", "_grpc._tcp.localhost" })
	void notLoopback(String value) {
		assertThat(HostAndPort.parse(value, "allowed").isLoopback()).isFalse();
	}

}
