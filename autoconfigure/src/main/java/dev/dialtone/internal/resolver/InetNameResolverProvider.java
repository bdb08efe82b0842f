package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.Collection;
import java.util.List;

import io.grpc.NameResolverProvider;

/**
 * A provider of Dialtone's own for one scheme whose resolvers answer with IP socket addresses, so
 * that grpc-java picks a TCP transport for its channels. Always available: it is registered only in
 * the registry of the channel that uses it.
 */
public abstract class InetNameResolverProvider extends NameResolverProvider {

	private final String scheme;

	private final int priority;

	/**
	 * @param scheme the scheme of the targets it resolves
	 * @param priority its priority among providers of the same scheme in one registry
	 */
	protected InetNameResolverProvider(String scheme, int priority) {
		this.scheme = scheme;
		this.priority = priority;
	}

	@Override
	public final String getDefaultScheme() {
		return this.scheme;
	}

	@Override
	protected final boolean isAvailable() {
		return true;
	}

	@Override
	protected final int priority() {
		return this.priority;
	}

	@Override
	public final Collection<Class<? extends SocketAddress>> getProducedSocketAddressTypes() {
		return List.of(InetSocketAddress.class);
	}

}
