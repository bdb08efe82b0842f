package dev.dialtone.channel;

import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where a channel's backends are, as Dialtone understood the configured target.
 *
 * @param configured the target as the user wrote it
 * @param scheme the name-resolver scheme that finds the backends ({@code static} and
 * {@code in-process} are Dialtone's own)
 * @param grpcTarget the target handed to grpc-java, or the in-process server name
 * @param staticAddresses the fixed backends of a {@code static} target, otherwise empty
 */
public record ChannelTarget(String configured, String scheme, String grpcTarget,
		List<InetSocketAddress> staticAddresses) {

	public static final String STATIC_SCHEME = "static";

	public static final String IN_PROCESS_SCHEME = "in-process";

	public ChannelTarget {
		staticAddresses = List.copyOf(staticAddresses);
	}

	public boolean isInProcess() {
		return IN_PROCESS_SCHEME.equals(this.scheme);
	}

	public boolean isStatic() {
		return STATIC_SCHEME.equals(this.scheme);
	}

	@Override
	public String toString() {
		return this.configured;
	}

}
