package dev.dialtone.internal.resolver;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The schemes a channel's target may use, by name: the application's {@link NameResolverProvider}
 * beans first, then the {@link ChannelScheme} beans (Dialtone's own and those of optional
 * integrations), then the providers grpc-java finds on the classpath (but jetcd's). Of two with one scheme the
 * first wins; a scheme that is {@linkplain ChannelScheme#unavailableReason() unavailable} only
 * when no other has its name.
 */
public final class ChannelSchemes {

	// jetcd's resolvers (http, https, ip, dns+srv) find etcd members for jetcd's own connection;
	// adding jetcd for etcd: targets must not make them channel targets.
	private static final String JETCD_RESOLVERS = "io.etcd.jetcd.";

	private final Map<String, ChannelScheme> schemes = new LinkedHashMap<>();

	/**
	 * @param providers the application's name resolver provider beans, in order
	 * @param schemes the scheme beans, in order
	 */
	public ChannelSchemes(List<NameResolverProvider> providers, List<ChannelScheme> schemes) {
		providers.forEach((provider) -> this.schemes.putIfAbsent(provider.getDefaultScheme(), new ProvidedScheme(provider)));
		schemes.stream()
			.filter((scheme) -> scheme.unavailableReason() == null)
			.forEach((scheme) -> this.schemes.putIfAbsent(scheme.scheme(), scheme));
		NameResolverRegistry jvmWide = NameResolverRegistry.getDefaultRegistry();
		for (ServiceLoader.Provider<NameResolverProvider> found : ServiceLoader
			.load(NameResolverProvider.class, ChannelSchemes.class.getClassLoader())
			.stream()
			.filter((found) -> !found.type().getName().startsWith(JETCD_RESOLVERS))
			.toList()) {
			String scheme = schemeOf(found);
			NameResolverProvider provider = (scheme != null) ? jvmWide.getProviderForScheme(scheme) : null;
			if (provider != null) {
				this.schemes.putIfAbsent(scheme, new ProvidedScheme(provider));
			}
		}
		schemes.forEach((scheme) -> this.schemes.putIfAbsent(scheme.scheme(), scheme));
	}

	private static @Nullable String schemeOf(ServiceLoader.Provider<NameResolverProvider> found) {
		try {
			return found.get().getDefaultScheme();
		}
		catch (RuntimeException | LinkageError ex) {
			// A provider whose dependencies are missing is one grpc-java would not use either.
			return null;
		}
	}

	/**
	 * The scheme of this name, possibly an unavailable one, or null when there is none.
	 * @param scheme the scheme, in lower case
	 */
	public @Nullable ChannelScheme find(String scheme) {
		return this.schemes.get(scheme);
	}

	/**
	 * Every scheme a target may use, sorted.
	 */
	public Set<String> names() {
		Set<String> names = new TreeSet<>();
		this.schemes.forEach((name, scheme) -> {
			if (scheme.unavailableReason() == null) {
				names.add(name);
			}
		});
		return names;
	}

}
