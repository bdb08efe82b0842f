package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.grpc.Status;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import dev.dialtone.internal.channel.ChannelSpec;
import dev.dialtone.internal.channel.MethodCalls;
import dev.dialtone.internal.channel.MethodName;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * How a methods entry inherits from its channel, and which list of entries a channel has.
 */
@ExtendWith(OutputCaptureExtension.class)
class CallSettingsTests {

	private final ChannelProperties defaults = new ChannelProperties();

	private final ChannelProperties channel = new ChannelProperties();

	private ChannelSpec.Calls read() {
		return new CallSettings().read(new MergedChannel("greeter", this.channel, this.defaults,
				new DeprecatedProperties()));
	}

	private static ChannelProperties.Method method(String... names) {
		ChannelProperties.Method method = new ChannelProperties.Method();
		method.setNames(List.of(names));
		return method;
	}

	@Test
	void anEntryInheritsEveryKeyItDoesNotSetFromItsChannelKeyByKey() {
		this.defaults.getRetry().setMaxAttempts(4);
		this.channel.setDeadline(Duration.ofSeconds(2));
		this.channel.getRetry().setEnabled(true);
		this.channel.setWaitForReady(false);
		ChannelProperties.Method sayHello = method("helloworld.Greeter/SayHello");
		sayHello.getRetry().setInitialBackoff(Duration.ofMillis(20));
		sayHello.setWaitForReady(true);
		ChannelProperties.Method admin = method("helloworld.Admin");
		admin.getRetry().setEnabled(false);
		admin.getHedging().setEnabled(true);
		this.channel.setMethods(List.of(sayHello, admin));

		ChannelSpec.Calls calls = read();
		MethodCalls first = calls.methods().get(0);
		assertThat(first.names()).containsExactly(new MethodName("helloworld.Greeter", "SayHello"));
		assertThat(first.deadline()).isEqualTo(Duration.ofSeconds(2));
		assertThat(first.waitForReady()).isTrue();
		assertThat(first.retry().maxAttempts()).isEqualTo(4);
		assertThat(first.retry().initialBackoff()).isEqualTo(Duration.ofMillis(20));
		MethodCalls second = calls.methods().get(1);
		assertThat(second.retry()).isNull();
		assertThat(second.hedging().maxAttempts()).isEqualTo(3);
		assertThat(second.waitForReady()).isFalse();
		assertThat(calls.channel().retry().initialBackoff()).isEqualTo(Duration.ofMillis(100));
	}

	@Test
	void aChannelsListReplacesTheDefaultsListAsAWhole() {
		this.defaults.setMethods(List.of(method("helloworld.Greeter"), method("helloworld.Admin")));
		assertThat(read().methods()).hasSize(2);
		this.channel.setMethods(List.of(method("helloworld.Other")));
		assertThat(read().methods()).singleElement()
			.satisfies((method) -> assertThat(method.names()).containsExactly(new MethodName("helloworld.Other", null)));
	}

	@Test
	void retryingOnADeadlineTheClientSetIsStartedWithAWarning(CapturedOutput output) {
		this.channel.getRetry().setEnabled(true);
		this.channel.getRetry().setRetryableStatusCodes(List.of("UNAVAILABLE", "deadline-exceeded"));
		assertThat(read().channel().retry().retryableStatusCodes()).containsExactly(Status.Code.UNAVAILABLE,
				Status.Code.DEADLINE_EXCEEDED);
		assertThat(output).contains(
				"grpc.client.channels.greeter.retry.retryable-status-codes lists DEADLINE_EXCEEDED or CANCELLED")
			.contains("the client's own deadline or cancellation caused them");
	}

	@Test
	void theDefaultCodesGiveNoWarning(CapturedOutput output) {
		this.channel.getRetry().setEnabled(true);
		read();
		assertThat(output).doesNotContain("DEADLINE_EXCEEDED");
	}

}
