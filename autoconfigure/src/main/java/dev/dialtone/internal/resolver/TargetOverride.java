package dev.dialtone.internal.resolver;

import org.jspecify.annotations.Nullable;

/**
 * Points channels elsewhere than their configured targets, e.g. test support that sends them to
 * an in-process server: the configured target is then not read at all (no lookup, no TLS).
 */
@FunctionalInterface
public interface TargetOverride {

	/**
	 * The target the channel of this name uses instead of its configured one, or null to keep it.
	 */
	@Nullable String targetFor(String channel);

}
