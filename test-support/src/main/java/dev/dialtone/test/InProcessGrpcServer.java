package dev.dialtone.test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.ServerServiceDefinition;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * The in-process server of one test context, with a name of its own so that two contexts in one
 * JVM never call each other's fakes. Tests that build their own server, or use a mocking library,
 * can point a channel at {@link #target()}.
 */
public final class InProcessGrpcServer implements AutoCloseable {

	private final String name;

	private final Server server;

	/**
	 * Starts a server that serves the given services.
	 */
	public InProcessGrpcServer(List<BindableService> services, List<ServerServiceDefinition> definitions) {
		this.name = "dialtone-test-" + UUID.randomUUID();
		InProcessServerBuilder builder = InProcessServerBuilder.forName(this.name);
		services.forEach(builder::addService);
		definitions.forEach(builder::addService);
		try {
			this.server = builder.build().start();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start the in-process server " + this.name, ex);
		}
	}

	/**
	 * The server's name, for {@code InProcessChannelBuilder.forName}.
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The server as a channel target, {@code in-process:<name>}.
	 */
	public String target() {
		return "in-process:" + this.name;
	}

	/**
	 * The services the server serves, by name.
	 */
	public List<String> services() {
		return this.server.getServices().stream().map((service) -> service.getServiceDescriptor().getName()).toList();
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdown();
		if (!this.server.awaitTermination(5, TimeUnit.SECONDS)) {
			this.server.shutdownNow();
		}
	}

}
