package dev.dialtone.discovery;

import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.apache.curator.x.discovery.ServiceDiscovery;
import org.apache.curator.x.discovery.ServiceDiscoveryBuilder;
import org.apache.curator.x.discovery.details.JsonInstanceSerializer;

import org.springframework.cloud.zookeeper.discovery.ZookeeperInstance;
import org.springframework.cloud.zookeeper.serviceregistry.ServiceInstanceRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperRegistration;
import org.springframework.cloud.zookeeper.serviceregistry.ZookeeperServiceRegistry;

/**
 * One instance of a service in ZooKeeper, registered the way a Spring Cloud Zookeeper application
 * registers itself: through a {@link ZookeeperServiceRegistry} under the default root
 * {@code /services}, with a ZooKeeper session of its own, as a separate process would have.
 */
final class RegisteredInstance implements AutoCloseable {

	private final CuratorFramework curator;

	private final ZookeeperServiceRegistry registry;

	private final ZookeeperRegistration registration;

	private boolean registered;

	private RegisteredInstance(CuratorFramework curator, ZookeeperServiceRegistry registry,
			ZookeeperRegistration registration) {
		this.curator = curator;
		this.registry = registry;
		this.registration = registration;
	}

	static RegisteredInstance register(String connectString, String serviceId, int port) {
		CuratorFramework curator = CuratorFrameworkFactory.newClient(connectString, new ExponentialBackoffRetry(50, 5));
		curator.start();
		ServiceDiscovery<ZookeeperInstance> discovery = ServiceDiscoveryBuilder.builder(ZookeeperInstance.class)
			.client(curator)
			.basePath("/services")
			.serializer(new JsonInstanceSerializer<>(ZookeeperInstance.class))
			.build();
		ZookeeperServiceRegistry registry = new ZookeeperServiceRegistry(discovery);
		// What the application context does for the registry bean: starts its ServiceDiscovery.
		registry.afterSingletonsInstantiated();
		ZookeeperRegistration registration = ServiceInstanceRegistration.builder()
			.defaultUriSpec()
			.address("127.0.0.1")
			.port(port)
			.name(serviceId)
			.build();
		RegisteredInstance instance = new RegisteredInstance(curator, registry, registration);
		instance.registry.register(registration);
		instance.registered = true;
		return instance;
	}

	/** Leaves the registry while the instance's server keeps running. */
	void deregister() {
		this.registry.deregister(this.registration);
		this.registered = false;
	}

	@Override
	public void close() {
		if (this.registered) {
			deregister();
		}
		this.registry.close();
		this.curator.close();
	}

}
