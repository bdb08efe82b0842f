package dev.dialtone.internal.resolver;

import java.time.Duration;

import io.grpc.NameResolverProvider;
import org.jspecify.annotations.Nullable;

/**
 * Where a channel's backends are, as its scheme understood the configured target at startup.
 *
 * @param configured the target as the user wrote it
 * @param scheme the scheme that finds the backends, e.g. {@code dns}
 * @param grpcTarget the target handed to grpc-java, or the in-process server's name
 * @param resolver builds the channel's name resolver provider; null for an in-process target,
 * which has none
 * @param loopback whether every backend is known, from the target alone, to be on this host's
 * loopback interface (127.0.0.0/8, ::1 or {@code localhost}), so that nothing sent leaves the host
 */
public record ChannelTarget(String configured, String scheme, String grpcTarget, @Nullable Resolver resolver,
		boolean loopback) {

	/**
	 * A target whose backends a name resolver finds, not known to be on loopback.
	 */
	public static ChannelTarget resolved(String configured, String scheme, String grpcTarget, Resolver resolver) {
		return new ChannelTarget(configured, scheme, grpcTarget, resolver, false);
	}

	/**
	 * A target whose backends a name resolver finds.
	 * @param loopback whether every backend is on loopback
	 */
	public static ChannelTarget resolved(String configured, String scheme, String grpcTarget, Resolver resolver,
			boolean loopback) {
		return new ChannelTarget(configured, scheme, grpcTarget, resolver, loopback);
	}

	/**
	 * A target that is a server in the same JVM, reached without a network or a name resolver.
	 */
	public static ChannelTarget inProcess(String configured, String scheme, String serverName) {
		return new ChannelTarget(configured, scheme, serverName, null, false);
	}

	public boolean isInProcess() {
		return this.resolver == null;
	}

	@Override
	public String toString() {
		return this.configured;
	}

	/**
	 * Builds the name resolver provider of one channel, registered only in that channel's registry.
	 */
	@FunctionalInterface
	public interface Resolver {

		/**
		 * @param refreshInterval how often a refreshing resolver looks the target up again
		 */
		NameResolverProvider provider(Duration refreshInterval);

	}

}
