package dev.dialtone.internal.resolver.discovery;

import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.cloud.client.ServiceInstance;
import org.springframework.cloud.client.discovery.DiscoveryClient;

/**
 * The gRPC addresses of a service's instances, as a Spring Cloud {@link DiscoveryClient} knows
 * them: each instance's host with its {@code grpc.port} metadata entry when it has one (an
 * application that serves HTTP and gRPC registers its HTTP port), otherwise its registered port.
 * <p>
 * Asking may block on the registry and on the JVM's name lookup of an instance's host, so it is
 * done on Dialtone's discovery thread, never in a channel's synchronization context.
 */
final class ServiceInstanceAddresses {

	/**
	 * Metadata keys that hold an instance's gRPC port, first found wins: {@code grpc.port}, and
	 * {@code gRPC_port}, which other gRPC starters register.
	 */
	static final List<String> PORT_KEYS = List.of("grpc.port", "gRPC_port");

	private static final Log logger = LogFactory.getLog(ServiceInstanceAddresses.class);

	private final DiscoveryClient client;

	ServiceInstanceAddresses(DiscoveryClient client) {
		this.client = client;
	}

	/**
	 * The addresses of every usable instance of the service, without duplicates; an instance whose
	 * host does not resolve or whose gRPC port is not a port is left out with a warning.
	 * @throws RuntimeException whatever the discovery client throws when the registry fails
	 */
	List<InetSocketAddress> of(String serviceId) {
		List<ServiceInstance> instances = this.client.getInstances(serviceId);
		Set<InetSocketAddress> addresses = new LinkedHashSet<>();
		for (ServiceInstance instance : (instances != null) ? instances : List.<ServiceInstance>of()) {
			InetSocketAddress address = address(instance);
			if (address != null) {
				addresses.add(address);
			}
		}
		return new ArrayList<>(addresses);
	}

	private static InetSocketAddress address(ServiceInstance instance) {
		String host = instance.getHost();
		int port = port(instance);
		if (host == null || host.isEmpty() || port < 1 || port > 65535) {
			logger.warn("Instance " + describe(instance) + " has no usable host and gRPC port; leaving it out");
			return null;
		}
		InetSocketAddress address = new InetSocketAddress(host, port);
		if (address.isUnresolved()) {
			logger.warn("Host of instance " + describe(instance) + " does not resolve; leaving it out");
			return null;
		}
		return address;
	}

	private static int port(ServiceInstance instance) {
		Map<String, String> metadata = instance.getMetadata();
		if (metadata != null) {
			for (String key : PORT_KEYS) {
				String value = metadata.get(key);
				if (value != null) {
					return parse(value.trim());
				}
			}
		}
		return instance.getPort();
	}

	private static int parse(String port) {
		try {
			return Integer.parseInt(port);
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	/**
	 * The instance's id, host and port, never its metadata: registries keep credentials there
	 * (Spring Boot Admin's {@code user.password}).
	 */
	private static String describe(ServiceInstance instance) {
		return instance.getServiceId() + "/" + instance.getInstanceId() + " (host " + instance.getHost() + ", port "
				+ instance.getPort() + ")";
	}

}
