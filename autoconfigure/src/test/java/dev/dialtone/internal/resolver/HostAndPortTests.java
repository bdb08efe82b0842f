package dev.dialtone.internal.resolver;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one reader of host and port, for targets, static lists and DNS servers.
 */
class HostAndPortTests {

	private static final String ALLOWED = "host:port";

	@Test
	void readsNamesAddressesAndBracketedIpv6() {
		assertThat(HostAndPort.parse("greeter.internal:6565", ALLOWED))
			.isEqualTo(new HostAndPort("greeter.internal", 6565));
		assertThat(HostAndPort.parse(" 127.0.0.1:1 ", ALLOWED)).isEqualTo(new HostAndPort("127.0.0.1", 1));
		assertThat(HostAndPort.parse("[::1]:65535", ALLOWED)).isEqualTo(new HostAndPort("::1", 65535));
		assertThat(HostAndPort.parse("_grpc._tcp.greeter.test", ALLOWED))
			.isEqualTo(new HostAndPort("_grpc._tcp.greeter.test", HostAndPort.NO_PORT));
	}

	@Test
	void anIpv6AddressWithoutBracketsHasNoPort() {
		HostAndPort parsed = HostAndPort.parse("fe80::1", ALLOWED);
		assertThat(parsed.host()).isEqualTo("fe80::1");
		assertThat(parsed.hasPort()).isFalse();
		assertThat(parsed).hasToString("[fe80::1]");
	}

	@Test
	void writesAnIpv6AddressInBracketsAsAnAuthority() {
		assertThat(HostAndPort.parse("[::1]:53", ALLOWED)).hasToString("[::1]:53");
		assertThat(HostAndPort.parse("greeter:80", ALLOWED)).hasToString("greeter:80");
	}

	@ParameterizedTest
	@ValueSource(strings = { "", ":80", "host:0", "host:65536", "host:99999", "host:-1", "host:http", "host:",
			"[::1", "[::1]80", "[127.0.0.1]:80", "[nope]:80", "user@host:80", "host/path:80", "ho st:80",
			"a..b:80", "1.2.3.4:5:6x" })
	void rejectsWhatCannotWork(String value) {
		assertThatExceptionOfType(InvalidTargetException.class).isThrownBy(() -> HostAndPort.parse(value, ALLOWED))
			.withMessage(ALLOWED);
	}

	@Test
	void rejectsAHostLabelLongerThanDnsAllowsAndANameLongerThan253() {
		String label = "a".repeat(64);
		assertThatExceptionOfType(InvalidTargetException.class)
			.isThrownBy(() -> HostAndPort.parse(label + ".test:80", ALLOWED));
		String longName = ("a".repeat(60) + ".").repeat(5) + "test";
		assertThatExceptionOfType(InvalidTargetException.class)
			.isThrownBy(() -> HostAndPort.parse(longName + ":80", ALLOWED));
		assertThat(HostAndPort.parse("a".repeat(63) + ".test:80", ALLOWED).port()).isEqualTo(80);
	}

	@Test
	void aPortIsRequiredWhereAskedFor() {
		assertThatExceptionOfType(InvalidTargetException.class)
			.isThrownBy(() -> HostAndPort.parseWithPort("greeter", ALLOWED));
	}

	@Test
	void resolvingAHostThatDoesNotResolveSaysSo() {
		assertThatExceptionOfType(InvalidTargetException.class)
			.isThrownBy(() -> HostAndPort.parse("nowhere.invalid:80", ALLOWED).resolve(ALLOWED))
			.withMessageContaining("the host 'nowhere.invalid' does not resolve");
		assertThat(HostAndPort.parse("127.0.0.1:80", ALLOWED).resolve(ALLOWED).getPort()).isEqualTo(80);
	}

}
