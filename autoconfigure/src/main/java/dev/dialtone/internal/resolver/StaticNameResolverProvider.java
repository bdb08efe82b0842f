package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.net.URI;
import java.util.List;

import io.grpc.EquivalentAddressGroup;
import io.grpc.NameResolver;

/**
 * Resolves a channel's {@code static} target to the fixed list of backends it names. One
 * provider per channel, registered only in that channel's resolver registry: the addresses were
 * taken apart by Dialtone, since grpc-java's URI parser rejects a comma in an authority.
 */
final class StaticNameResolverProvider extends InetNameResolverProvider {

	private final List<EquivalentAddressGroup> backends;

	StaticNameResolverProvider(List<InetSocketAddress> addresses) {
		super(StaticScheme.SCHEME, 5);
		this.backends = addresses.stream().map(EquivalentAddressGroup::new).toList();
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!getDefaultScheme().equals(targetUri.getScheme())) {
			return null;
		}
		return new FixedNameResolver(targetUri.getAuthority(), this.backends);
	}

}
