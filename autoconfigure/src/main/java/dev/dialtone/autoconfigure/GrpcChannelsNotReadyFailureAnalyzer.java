package dev.dialtone.autoconfigure;

import java.util.stream.Collectors;

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
			.map((channel) -> "gRPC channel " + channel)
			.collect(Collectors.joining("\n", "", "\nIts immediate-connect-timeout asks for a READY channel at startup."));
		String action = cause.getChannels()
			.stream()
			.map((channel) -> "grpc.client.channels." + channel.name() + ".immediate-connect-timeout")
			.collect(Collectors.joining(", ", "Start the backends or correct the target; or raise ",
					" (it may be set under grpc.client.defaults); or remove it to connect on the first call."));
		return new FailureAnalysis(description, action, cause);
	}

}
