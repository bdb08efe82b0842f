package dev.dialtone.channel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;

import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;

/**
 * The name resolvers Dialtone's channels may use, by scheme: the application's
 * {@link NameResolverProvider} beans first, then those grpc-java finds on the classpath.
 */
public final class NameResolverProviders {

	private final Map<String, NameResolverProvider> beans = new LinkedHashMap<>();

	private final Set<String> classpathSchemes = new TreeSet<>();

	/**
	 * @param beans the application's providers; of two with one scheme, the first wins
	 */
	public NameResolverProviders(List<NameResolverProvider> beans) {
		for (NameResolverProvider provider : beans) {
			this.beans.putIfAbsent(provider.getDefaultScheme(), provider);
		}
		NameResolverRegistry jvmWide = NameResolverRegistry.getDefaultRegistry();
		for (ServiceLoader.Provider<NameResolverProvider> found : ServiceLoader.load(NameResolverProvider.class,
				NameResolverProviders.class.getClassLoader()).stream().toList()) {
			String scheme = schemeOf(found);
			if (scheme != null && jvmWide.getProviderForScheme(scheme) != null) {
				this.classpathSchemes.add(scheme);
			}
		}
	}

	private static String schemeOf(ServiceLoader.Provider<NameResolverProvider> found) {
		try {
			return found.get().getDefaultScheme();
		}
		catch (RuntimeException | LinkageError ex) {
			// A provider whose dependencies are missing is one grpc-java would not use either.
			return null;
		}
	}

	/**
	 * The provider for a scheme, or null when none handles it.
	 * @param scheme the target's scheme
	 * @param spec the channel that asks
	 */
	public NameResolverProvider forScheme(String scheme, ChannelSpec spec) {
		NameResolverProvider bean = this.beans.get(scheme);
		return (bean != null) ? bean : NameResolverRegistry.getDefaultRegistry().getProviderForScheme(scheme);
	}

	/**
	 * Whether a target of this scheme can be resolved; Dialtone's own {@code static} and
	 * {@code in-process} schemes included.
	 */
	public boolean supports(String scheme) {
		return schemes().contains(scheme);
	}

	/**
	 * Every scheme a channel's target may use.
	 */
	public Set<String> schemes() {
		Set<String> schemes = new TreeSet<>(this.classpathSchemes);
		schemes.addAll(this.beans.keySet());
		schemes.add(ChannelTarget.STATIC_SCHEME);
		schemes.add(ChannelTarget.IN_PROCESS_SCHEME);
		schemes.add("dns");
		return schemes;
	}

}
