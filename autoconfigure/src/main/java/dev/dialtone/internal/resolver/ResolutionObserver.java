package dev.dialtone.internal.resolver;

import io.grpc.NameResolver;
import io.grpc.Status;

/**
 * Hears how each lookup of a Dialtone resolver went, including failures it hides from the load
 * balancer by keeping the last good addresses, and successes it does not pass on since nothing
 * changed. Given to resolvers as a name-resolver argument
 * of the channel, so operators can count failures that never reach grpc-java.
 */
public interface ResolutionObserver {

	/**
	 * The name-resolver argument under which a channel passes its observer.
	 */
	NameResolver.Args.Key<ResolutionObserver> ARG = NameResolver.Args.Key.create("dialtone.resolution-observer");

	/**
	 * A lookup failed or found no address.
	 * @param status what went wrong, as UNAVAILABLE with a description
	 */
	void lookupFailed(Status status);

	/**
	 * A lookup found addresses, whether or not they changed.
	 */
	void lookupSucceeded();

}
