package dev.dialtone.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

import dev.dialtone.UnknownGrpcChannelException;

/**
 * Explains an {@link UnknownGrpcChannelException} at startup.
 */
class UnknownGrpcChannelFailureAnalyzer extends AbstractFailureAnalyzer<UnknownGrpcChannelException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnknownGrpcChannelException cause) {
		String where = (cause.getInjectionPoint() != null) ? cause.getInjectionPoint() : "The application";
		String description = where + " asks for the gRPC channel '" + cause.getName()
				+ "', but no channel has that name. Configured channels: " + cause.getConfiguredNames() + ".";
		String action = "Use one of the configured names, or configure the channel under 'grpc.client.channels."
				+ cause.getName() + ".target'.";
		return new FailureAnalysis(description, action, cause);
	}

}
