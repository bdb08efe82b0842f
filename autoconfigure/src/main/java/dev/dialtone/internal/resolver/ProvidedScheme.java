package dev.dialtone.internal.resolver;

import java.net.URI;
import java.net.URISyntaxException;

import io.grpc.NameResolverProvider;

/**
 * The scheme of a {@link NameResolverProvider} that Dialtone does not build per channel: an
 * application's provider bean, or one grpc-java finds on the classpath ({@code unix}, say). Its
 * targets are handed over as written; the provider reads them.
 */
final class ProvidedScheme implements ChannelScheme {

	private final NameResolverProvider provider;

	ProvidedScheme(NameResolverProvider provider) {
		this.provider = provider;
	}

	@Override
	public String scheme() {
		return this.provider.getDefaultScheme();
	}

	@Override
	public ChannelTarget parse(String configured, String target) {
		try {
			new URI(target);
		}
		catch (URISyntaxException ex) {
			throw new InvalidTargetException("a target URI that " + this.provider.getClass().getName()
					+ " can read (" + ex.getReason() + " at index " + ex.getIndex() + ")");
		}
		return ChannelTarget.resolved(configured, scheme(), target, (refreshInterval) -> this.provider);
	}

}
