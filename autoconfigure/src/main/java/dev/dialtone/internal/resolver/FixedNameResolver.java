package dev.dialtone.internal.resolver;

import java.util.List;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.StatusOr;

/**
 * Answers with addresses that never change: a static list, or a {@code dns:} target that is an IP
 * address. Nothing is looked up and nothing is scheduled.
 */
final class FixedNameResolver extends NameResolver {

	private final String authority;

	private final List<EquivalentAddressGroup> backends;

	private Listener2 listener;

	FixedNameResolver(String authority, List<EquivalentAddressGroup> backends) {
		this.authority = authority;
		this.backends = List.copyOf(backends);
	}

	@Override
	public String getServiceAuthority() {
		return this.authority;
	}

	@Override
	public void start(Listener2 listener) {
		this.listener = listener;
		resolve();
	}

	@Override
	public void refresh() {
		resolve();
	}

	private void resolve() {
		this.listener.onResult2(
				ResolutionResult.newBuilder().setAddressesOrError(StatusOr.fromValue(this.backends)).build());
	}

	@Override
	public void shutdown() {
	}

}
