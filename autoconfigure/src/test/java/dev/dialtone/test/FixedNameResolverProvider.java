package dev.dialtone.test;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.util.Collection;
import java.util.List;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.StatusOr;

/**
 * An application's own resolver: every target of its scheme resolves to one fixed backend.
 */
public final class FixedNameResolverProvider extends NameResolverProvider {

	private final String scheme;

	private final InetSocketAddress backend;

	public FixedNameResolverProvider(String scheme, InetSocketAddress backend) {
		this.scheme = scheme;
		this.backend = backend;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!this.scheme.equals(targetUri.getScheme())) {
			return null;
		}
		return new NameResolver() {

			@Override
			public String getServiceAuthority() {
				return "fixed";
			}

			@Override
			public void start(Listener2 listener) {
				listener.onResult2(ResolutionResult.newBuilder()
					.setAddressesOrError(StatusOr.fromValue(List.of(new EquivalentAddressGroup(
							FixedNameResolverProvider.this.backend))))
					.build());
			}

			@Override
			public void shutdown() {
			}

		};
	}

	@Override
	public String getDefaultScheme() {
		return this.scheme;
	}

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return 5;
	}

	@Override
	public Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
	}

}
