package dev.dialtone;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A channel name that no {@code grpc.client.channels.<name>} entry has, asked for by an injection
 * point or through {@link GrpcChannels#channel(String)}.
 */
public class UnknownGrpcChannelException extends RuntimeException {

	private final String name;

	private final String injectionPoint;

	private final Set<String> configuredNames;

	/**
	 * @param name the name asked for
	 * @param injectionPoint where it was asked for, or null
	 * @param configuredNames the channels that exist
	 */
	public UnknownGrpcChannelException(String name, String injectionPoint, Set<String> configuredNames) {
		super("No gRPC channel named '" + name + "'" + ((injectionPoint != null) ? " for " + injectionPoint : "")
				+ "; configured channels: " + configuredNames);
		this.name = name;
		this.injectionPoint = injectionPoint;
		// Kept in configuration order, so that messages list channels as the user wrote them.
		this.configuredNames = Collections.unmodifiableSet(new LinkedHashSet<>(configuredNames));
	}

	public String getName() {
		return this.name;
	}

	public String getInjectionPoint() {
		return this.injectionPoint;
	}

	public Set<String> getConfiguredNames() {
		return this.configuredNames;
	}

}
