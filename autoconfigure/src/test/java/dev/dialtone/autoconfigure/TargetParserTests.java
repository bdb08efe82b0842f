package dev.dialtone.autoconfigure;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.dialtone.internal.resolver.ChannelSchemes;
import dev.dialtone.internal.resolver.ChannelTarget;
import dev.dialtone.internal.resolver.DnsResolution;
import dev.dialtone.internal.resolver.DnsScheme;
import dev.dialtone.internal.resolver.InProcessScheme;
import dev.dialtone.internal.resolver.StaticScheme;
import dev.dialtone.internal.resolver.UnavailableScheme;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The one parser of targets, over Dialtone's own schemes: every target error names the property.
 */
class TargetParserTests {

	private static final String PROPERTY = "grpc.client.channels.greeter.target";

	private final DnsResolution dns = new DnsResolution(List.of(), Duration.ofSeconds(1));

	private final ChannelSchemes schemes = new ChannelSchemes(List.of(), List.of(new DnsScheme(this.dns),
			new StaticScheme(), new InProcessScheme(), new UnavailableScheme("discovery", "add a discovery client")));

	@AfterEach
	void close() {
		this.dns.close();
	}

	private ChannelTarget parse(String target) {
		return new TargetParser(this.schemes, "dns").parse(new Setting<>(target, PROPERTY));
	}

	@Test
	void hostAndPortTakesTheDefaultScheme() {
		ChannelTarget target = parse("greeter.internal:6565");
		assertThat(target.scheme()).isEqualTo("dns");
		assertThat(target.configured()).isEqualTo("greeter.internal:6565");
		assertThat(target.grpcTarget()).isEqualTo("dns:///greeter.internal:6565");
		assertThat(parse("[::1]:6565").grpcTarget()).isEqualTo("dns:///%5B::1%5D:6565");
		ChannelTarget staticDefault = new TargetParser(this.schemes, "static")
			.parse(new Setting<>("127.0.0.1:6565", PROPERTY));
		assertThat(staticDefault.scheme()).isEqualTo("static");
		assertThat(staticDefault.grpcTarget()).isEqualTo("static://127.0.0.1:6565");
	}

	@Test
	void schemesAreMatchedWithoutRegardToCase() {
		assertThat(parse("DNS:///greeter.internal:6565").scheme()).isEqualTo("dns");
		assertThat(parse("Static://127.0.0.1:1").scheme()).isEqualTo("static");
	}

	@Test
	void staticListsAndInProcessNamesAreTakenApart() {
		ChannelTarget list = parse("static://127.0.0.1:6565, [::1]:6566");
		assertThat(list.grpcTarget()).isEqualTo("static://127.0.0.1:6565");
		assertThat(parse("static:///127.0.0.1:6565").grpcTarget()).isEqualTo("static://127.0.0.1:6565");
		ChannelTarget inProcess = parse("in-process:greeter");
		assertThat(inProcess.isInProcess()).isTrue();
		assertThat(inProcess.grpcTarget()).isEqualTo("greeter");
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = { "dns:///127.0.0.1:99999 | a port from 1 to 65535",
			"dns:///greeter:0 | a port from 1 to 65535", "127.0.0.1:99999 | a port from 1 to 65535",
			"dns://8.8.8.8/greeter:443 | grpc.client.dns.servers", "dns:/// | dns:///host:port",
			"dns:greeter:443 | dns:///host:port", "static://127.0.0.1:6565,localhost | host1:port1",
			"static://127.0.0.1:70000 | ports 1-65535", "in-process: | in-process:<name",
			"consul:///greeter | [dns, in-process, static", "discovery:///greeter | add a discovery client" })
	void everyTargetErrorNamesThePropertyTheValueAndWhatIsAllowed(String target, String allowed) {
		assertThatExceptionOfType(InvalidGrpcClientPropertyException.class).isThrownBy(() -> parse(target))
			.satisfies((ex) -> {
				assertThat(ex.getProperty()).isEqualTo(PROPERTY);
				assertThat(ex.getValue()).isEqualTo(target);
				assertThat(ex.getAllowed()).contains(allowed);
			});
	}

	@Test
	void anUnknownDefaultSchemeNamesItsProperty() {
		assertThatExceptionOfType(InvalidGrpcClientPropertyException.class)
			.isThrownBy(() -> new TargetParser(this.schemes, "discovery"))
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo("grpc.client.default-scheme"));
	}

	@Test
	void anApplicationProviderWinsOverDialtonesSchemeOfTheSameName() {
		NameResolverProvider own = new NameResolverProvider() {

			@Override
			protected boolean isAvailable() {
				return true;
			}

			@Override
			protected int priority() {
				return 5;
			}

			@Override
			public String getDefaultScheme() {
				return "dns";
			}

			@Override
			public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
				return null;
			}

		};
		ChannelSchemes withBean = new ChannelSchemes(List.of(own), List.of(new DnsScheme(this.dns)));
		ChannelTarget target = new TargetParser(withBean, "dns").parse(new Setting<>("dns://any/thing", PROPERTY));
		assertThat(target.grpcTarget()).isEqualTo("dns://any/thing");
		assertThat(target.resolver().provider(Duration.ofSeconds(1))).isSameAs(own);
	}

}
