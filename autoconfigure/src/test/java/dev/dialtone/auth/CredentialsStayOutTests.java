package dev.dialtone.auth;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import io.grpc.Status;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.security.oauth2.client.autoconfigure.OAuth2ClientAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcTokenSource;
import dev.dialtone.actuate.GrpcChannelsEndpoint;
import dev.dialtone.autoconfigure.GrpcClientAutoConfiguration;
import dev.dialtone.autoconfigure.actuate.GrpcChannelsEndpointAutoConfiguration;
import dev.dialtone.autoconfigure.oauth2.GrpcClientOAuth2AutoConfiguration;
import dev.dialtone.test.AuthCheckingBackend;
import dev.dialtone.test.TokenEndpoint;

import static dev.dialtone.test.GreeterCalls.call;
import static dev.dialtone.test.GreeterCalls.tryCall;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The grpcchannels endpoint says what kind of credentials each channel's calls carry, and no
 * token, password or client secret appears in it or in any log line, also when calls are rejected.
 */
@ExtendWith(OutputCaptureExtension.class)
class CredentialsStayOutTests {

	private static final String TOKEN = "fixed-t0k3n-Zq9";

	private static final String PASSWORD = "pa55-W0rd-Xy7";

	private static final String SOURCE_TOKEN = "bean-t0k3n-Kv4";

	private final TokenEndpoint tokens = TokenEndpoint.start(3600);

	private final AuthCheckingBackend backend = AuthCheckingBackend.start((header) -> true);

	@AfterEach
	void stop() {
		this.backend.close();
		this.tokens.close();
	}

	@Test
	void theEndpointShowsTheKindOfCredentialsAndNoSecretIsShownOrLogged(CapturedOutput output) {
		String target = "target=static://" + this.backend.address();
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(OAuth2ClientAutoConfiguration.class,
					GrpcClientOAuth2AutoConfiguration.class, GrpcClientAutoConfiguration.class,
					GrpcChannelsEndpointAutoConfiguration.class))
			.withBean("greeterTokens", GrpcTokenSource.class, () -> () -> SOURCE_TOKEN)
			.withPropertyValues(this.tokens.registration("greeter"))
			.withPropertyValues("management.endpoints.web.exposure.include=grpcchannels",
					"grpc.client.channels.fixed." + target, "grpc.client.channels.fixed.auth.bearer-token=" + TOKEN,
					"grpc.client.channels.basic." + target, "grpc.client.channels.basic.auth.basic.username=ada",
					"grpc.client.channels.basic.auth.basic.password=" + PASSWORD, "grpc.client.channels.oauth2." + target,
					"grpc.client.channels.oauth2.auth.oauth2.registration-id=greeter",
					"grpc.client.channels.bean." + target, "grpc.client.channels.bean.auth.token-source=greeterTokens",
					"grpc.client.channels.none." + target)
			.run((context) -> {
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				for (String name : channels.names()) {
					call(channels.channel(name));
				}
				this.backend.accept((header) -> false);
				for (String name : channels.names()) {
					assertThat(tryCall(channels.channel(name)).getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
				}
				GrpcChannelsEndpoint endpoint = context.getBean(GrpcChannelsEndpoint.class);
				assertThat(endpoint.channel("fixed").auth()).isEqualTo("bearer-token");
				assertThat(endpoint.channel("basic").auth()).isEqualTo("basic");
				assertThat(endpoint.channel("oauth2").auth()).isEqualTo("oauth2 (registration greeter)");
				assertThat(endpoint.channel("bean").auth()).isEqualTo("token-source (bean greeterTokens)");
				assertThat(endpoint.channel("none").auth()).isNull();
				String body = JsonMapper.builder().build().writeValueAsString(endpoint.channels());
				assertThat(body).contains("\"auth\":\"oauth2 (registration greeter)\"");
				String basic = Base64.getEncoder().encodeToString(("ada:" + PASSWORD).getBytes(StandardCharsets.UTF_8));
				for (String secret : new String[] { TOKEN, PASSWORD, basic, SOURCE_TOKEN, "token-1",
						TokenEndpoint.CLIENT_SECRET }) {
					assertThat(body).doesNotContain(secret);
					assertThat(output.toString()).doesNotContain(secret);
					assertThat(context.getBean(GrpcChannels.class).settings("fixed").toString()).doesNotContain(secret);
				}
			});
		assertThat(this.backend.headers()).contains("Bearer " + TOKEN, "Bearer " + SOURCE_TOKEN, "Bearer token-1");
	}

}
