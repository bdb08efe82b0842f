package dev.dialtone.internal.resolver.discovery;

import org.springframework.util.ClassUtils;

import dev.dialtone.internal.resolver.ChannelScheme;
import dev.dialtone.internal.resolver.UnavailableScheme;

/**
 * The {@code discovery} scheme as it stands when Spring Cloud's discovery client is missing: a
 * target of it stops the start saying what to add. Refers to no Spring Cloud class, so that it
 * loads without one.
 */
public final class DiscoveryUnavailable {

	private static final String DISCOVERY_CLIENT = "org.springframework.cloud.client.discovery.DiscoveryClient";

	private static final String WITH_CLIENT = "a Spring Cloud discovery client such as spring-cloud-starter-netflix-eureka-client, spring-cloud-starter-consul-discovery or spring-cloud-starter-kubernetes-client";

	private DiscoveryUnavailable() {
	}

	/**
	 * @param classLoader the application's class loader, which tells whether Spring Cloud Commons is
	 * there at all
	 */
	public static ChannelScheme scheme(ClassLoader classLoader) {
		String reason = ClassUtils.isPresent(DISCOVERY_CLIENT, classLoader)
				? "discovery:///service-id needs a DiscoveryClient bean: add " + WITH_CLIENT
						+ ", or list instances under spring.cloud.discovery.client.simple.instances.<service-id>"
				: "discovery:///service-id needs org.springframework.cloud:spring-cloud-commons on the classpath: add "
						+ WITH_CLIENT;
		return new UnavailableScheme("discovery", reason);
	}

}
