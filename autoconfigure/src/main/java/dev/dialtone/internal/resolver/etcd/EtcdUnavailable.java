package dev.dialtone.internal.resolver.etcd;

import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.UnavailableScheme;

/**
 * The {@code etcd} scheme as it stands when jetcd is missing: a target of it stops the start saying
 * what to add. Refers to no jetcd class, so that it loads without one.
 */
public final class EtcdUnavailable {

	private EtcdUnavailable() {
	}

	public static ChannelScheme scheme() {
		return new UnavailableScheme(EtcdScheme.SCHEME,
				"etcd:///service needs io.etcd:jetcd-core on the classpath: add the dependency io.etcd:jetcd-core (0.8.6)");
	}

}
