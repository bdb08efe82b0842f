package dev.dialtone.autoconfigure;

import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.stream.Collectors;

import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.dialtone.GrpcChannelsNotReadyException;

/**
 * Explains a {@link GrpcChannelsNotReadyException} at startup: which channels were not ready, in
 * which state, and why as far as each channel knows.
 */
class GrpcChannelsNotReadyFailureAnalyzer extends AbstractFailureAnalyzer<GrpcChannelsNotReadyException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, GrpcChannelsNotReadyException cause) {
		String description = cause.getChannels()
			.stream()
			.map((channel) -> "gRPC channel '" + channel.name() + "' (" + channel.target() + ") was " + channel.state()
					+ " after " + readable(channel.timeout())
					+ ((channel.reason() != null) ? ": " + channel.reason() : ""))
			.collect(Collectors.joining("\n", "", "\nIts immediate-connect-timeout asks for a READY channel at startup."));
		String action = cause.getChannels()
			.stream()
			.map((channel) -> "grpc.client.channels." + channel.name() + ".immediate-connect-timeout")
			.collect(Collectors.joining(", ", "Start the backends or correct the target; or raise ",
					" (it may be set under grpc.client.defaults); or remove it to connect on the first call."));
		return new FailureAnalysis(description, action, cause);
	}

	// As the user would have written it: 2s rather than 2000ms or PT2S.
	private static String readable(Duration duration) {
		return DurationStyle.SIMPLE.print(duration,
				(duration.toMillis() % 1000 == 0) ? ChronoUnit.SECONDS : ChronoUnit.MILLIS);
	}

}
