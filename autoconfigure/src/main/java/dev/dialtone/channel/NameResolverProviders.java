package dev.dialtone.channel;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

import io.grpc.NameResolverProvider;
import io.grpc.NameResolverRegistry;

import dev.dialtone.resolver.DnsResolution;

/**
 * The name resolvers Dialtone's channels may use, by scheme: the application's
 * {@link NameResolverProvider} beans first, then Dialtone's refreshing DNS resolver for {@code dns} and
 * the {@link ChannelScheme}s of optional integrations (such as {@code discovery}), then those
 * grpc-java finds on the classpath.
 */
public final class NameResolverProviders {

	private static final String DNS_SCHEME = "dns";

	private final Map<String, NameResolverProvider> beans = new LinkedHashMap<>();

	private final Set<String> classpathSchemes = new TreeSet<>();

	private final Map<String, Function<ChannelSpec, NameResolverProvider>> perChannel = new LinkedHashMap<>();

	/**
	 * @param beans the application's providers; of two with one scheme, the first wins
	 * @param dns Dialtone's DNS resolution for {@code dns} targets, or null for grpc-java's own
	 * @param schemes schemes whose resolver Dialtone builds for each channel; of two with one
	 * scheme, the first wins
	 */
	public NameResolverProviders(List<NameResolverProvider> beans, DnsResolution dns, List<ChannelScheme> schemes) {
		if (dns != null) {
			this.perChannel.put(DNS_SCHEME, (spec) -> dns.provider(spec.dnsRefreshInterval()));
		}
		for (ChannelScheme scheme : schemes) {
			this.perChannel.putIfAbsent(scheme.scheme(), scheme.provider());
		}
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
	 * The provider for a scheme, or null when none handles it. For {@code dns} and the
	 * {@link ChannelScheme}s, unless a bean handles the scheme, a provider built for the channel.
	 * @param scheme the target's scheme
	 * @param spec the channel that asks
	 */
	public NameResolverProvider forScheme(String scheme, ChannelSpec spec) {
		NameResolverProvider bean = this.beans.get(scheme);
		if (bean != null) {
			return bean;
		}
		Function<ChannelSpec, NameResolverProvider> ours = this.perChannel.get(scheme);
		if (ours != null) {
			return ours.apply(spec);
		}
		return NameResolverRegistry.getDefaultRegistry().getProviderForScheme(scheme);
	}

	/**
	 * Whether an application's {@link NameResolverProvider} bean handles the scheme, so that its
	 * targets are written as that provider wants rather than as Dialtone's own would.
	 */
	public boolean isApplicationBean(String scheme) {
		return this.beans.containsKey(scheme);
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
		schemes.addAll(this.perChannel.keySet());
		schemes.add(ChannelTarget.STATIC_SCHEME);
		schemes.add(ChannelTarget.IN_PROCESS_SCHEME);
		schemes.add(DNS_SCHEME);
		return schemes;
	}

}
