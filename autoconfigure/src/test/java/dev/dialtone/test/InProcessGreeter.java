package dev.dialtone.test;

import java.io.IOException;
import java.util.UUID;

import io.grpc.Server;
import io.grpc.inprocess.InProcessServerBuilder;

/**
 * An in-process greeter, for tests where the transport does not matter.
 */
public final class InProcessGreeter implements AutoCloseable {

	private final String name = "greeter-" + UUID.randomUUID();

	private final Server server;

	public InProcessGreeter() {
		this.server = InProcessServerBuilder.forName(this.name)
			.directExecutor()
			.addService(new GreeterService("in-process"))
			.build();
		try {
			this.server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The target a channel uses to reach this server.
	 */
	public String target() {
		return "in-process:" + this.name;
	}

	@Override
	public void close() {
		this.server.shutdownNow();
	}

}
