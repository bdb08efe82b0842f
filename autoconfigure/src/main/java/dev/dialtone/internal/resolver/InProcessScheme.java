package dev.dialtone.internal.resolver;

/**
 * The {@code in-process} scheme: {@code in-process:name} calls a grpc-java in-process server of
 * that name in the same JVM, with no network and no name resolver.
 */
public final class InProcessScheme implements ChannelScheme {

	private static final String SCHEME = "in-process";

	@Override
	public String scheme() {
		return SCHEME;
	}

	@Override
	public ChannelTarget parse(String configured, String target) {
		String serverName = ChannelScheme.afterScheme(target, SCHEME);
		if (serverName.isEmpty()) {
			throw new InvalidTargetException("in-process:<name of an in-process server>");
		}
		return ChannelTarget.inProcess(configured, SCHEME, serverName);
	}

}
