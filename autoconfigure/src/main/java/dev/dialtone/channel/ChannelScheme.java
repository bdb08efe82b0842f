package dev.dialtone.channel;

import java.util.function.Function;

import io.grpc.NameResolverProvider;

/**
 * A scheme whose resolver Dialtone builds for each channel, with that channel's settings (its
 * refresh interval, say). Such schemes come from optional integrations, which contribute one as a
 * bean so that channel building never refers to their libraries.
 *
 * @param scheme the target scheme, e.g. {@code discovery}
 * @param provider the provider of the scheme for one channel
 */
public record ChannelScheme(String scheme, Function<ChannelSpec, NameResolverProvider> provider) {

}
