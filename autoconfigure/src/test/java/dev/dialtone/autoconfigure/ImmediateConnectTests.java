package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.ConnectivityState;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcChannelsNotReadyException;
import dev.dialtone.test.FailureAnalyses;
import dev.dialtone.test.GreeterBackend;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code immediate-connect-timeout}: the channel is READY once the application has started, or the
 * application does not start.
 */
class ImmediateConnectTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(GrpcClientAutoConfiguration.class));

	private final List<GreeterBackend> backends = new ArrayList<>();

	@AfterEach
	void stopBackends() {
		this.backends.forEach(GreeterBackend::close);
	}

	private GreeterBackend backend(GreeterBackend backend) {
		this.backends.add(backend);
		return backend;
	}

	@Test
	void channelIsReadyWhenTheApplicationHasStartedAndOthersStayIdle() {
		GreeterBackend backend = backend(GreeterBackend.start("a"));
		this.runner
			.withPropertyValues("grpc.client.channels.eager.target=static://" + backend.address(),
					"grpc.client.channels.eager.immediate-connect-timeout=10s",
					"grpc.client.channels.lazy.target=static://" + backend.address())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				GrpcChannels channels = context.getBean(GrpcChannels.class);
				assertThat(channels.channel("eager").getState(false)).isEqualTo(ConnectivityState.READY);
				assertThat(channels.channel("lazy").getState(false)).isEqualTo(ConnectivityState.IDLE);
				// Connected, not called.
				assertThat(backend.calls()).isZero();
			});
	}

	@Test
	void startupWaitsForABackendThatComesUpLate() {
		GreeterBackend first = backend(GreeterBackend.start("late"));
		first.kill();
		// The backend returns on its old port while the application is starting: the channel's first
		// attempt is refused, a later one connects.
		CompletableFuture<GreeterBackend> restarted = CompletableFuture
			.supplyAsync(first::restart, CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS));
		try {
			this.runner
				.withPropertyValues("grpc.client.channels.greeter.target=static://" + first.address(),
						"grpc.client.defaults.immediate-connect-timeout=20s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBean(GrpcChannels.class).channel("greeter").getState(false))
						.isEqualTo(ConnectivityState.READY);
					assertThat(restarted).isDone();
				});
		}
		finally {
			backend(restarted.join());
		}
	}

	@Test
	void channelThatCannotConnectStopsTheStartSayingWhy() {
		GreeterBackend gone = backend(GreeterBackend.start("gone"));
		gone.kill();
		this.runner
			.withPropertyValues("grpc.client.channels.greeter.target=static://" + gone.address(),
					"grpc.client.channels.greeter.immediate-connect-timeout=2s")
			.run((context) -> {
				assertThat(context.getStartupFailure()).rootCause().isInstanceOf(GrpcChannelsNotReadyException.class);
				FailureAnalysis analysis = FailureAnalyses.analyze(context.getStartupFailure());
				assertThat(analysis.getDescription())
					.contains("gRPC channel 'greeter' (static://" + gone.address() + ") was TRANSIENT_FAILURE after 2s: "
							+ gone.address() + ": UNAVAILABLE");
				assertThat(analysis.getAction()).contains("grpc.client.channels.greeter.immediate-connect-timeout");
			});
	}

}
