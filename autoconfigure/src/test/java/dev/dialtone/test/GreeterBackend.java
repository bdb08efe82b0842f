package dev.dialtone.test;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerCredentials;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;

/**
 * A real greeter server on a loopback port, with a real grpc.health.v1 health service. Each reply
 * names the backend; the backend counts the calls it served.
 */
public final class GreeterBackend implements AutoCloseable {

	public static final String SERVICE = "helloworld.Greeter";

	private final String name;

	private final Server server;

	private final HealthStatusManager health;

	private final GreeterService greeter;

	private final AtomicInteger healthWatches;

	private final KillableProxy proxy;

	private GreeterBackend(String name, Server server, HealthStatusManager health, GreeterService greeter,
			AtomicInteger healthWatches, InetSocketAddress listenOn) {
		this.name = name;
		this.server = server;
		this.health = health;
		this.greeter = greeter;
		this.healthWatches = healthWatches;
		this.proxy = new KillableProxy(new InetSocketAddress("127.0.0.1", server.getPort()), listenOn);
	}

	public static GreeterBackend start(String name) {
		return start(name, 0, InsecureServerCredentials.create());
	}

	/**
	 * A backend that clients reach at the given loopback address, e.g. 127.0.0.2 with the port of
	 * another backend on 127.0.0.1, as several hosts behind one DNS name would be.
	 * @param listenOn a loopback address and port (port 0: any free one)
	 */
	public static GreeterBackend start(String name, InetSocketAddress listenOn) {
		return start(name, 0, InsecureServerCredentials.create(), listenOn);
	}

	/**
	 * Backends on 127.0.0.1, 127.0.0.2, ... with one port, as hosts behind one name would be.
	 * @param names the backends' names, the first on 127.0.0.1
	 */
	public static List<GreeterBackend> startOnLoopbackAddresses(String... names) {
		List<GreeterBackend> backends = new ArrayList<>();
		for (int attempt = 0; attempt < 5; attempt++) {
			try {
				GreeterBackend first = start(names[0], new InetSocketAddress("127.0.0.1", 0));
				backends.add(first);
				for (int i = 1; i < names.length; i++) {
					backends.add(start(names[i], new InetSocketAddress("127.0.0." + (i + 1), first.port())));
				}
				return backends;
			}
			catch (IllegalStateException ex) {
				// The port is taken on another loopback address: try another one.
				backends.forEach(GreeterBackend::close);
				backends.clear();
			}
		}
		throw new IllegalStateException("No port was free on 127.0.0.1 to 127.0.0." + names.length + " in 5 attempts");
	}

	public static GreeterBackend start(String name, int port, ServerCredentials credentials) {
		return start(name, port, credentials, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	/**
	 * A fresh backend of the same name where this one was, as a restarted process would be: clients
	 * reach it on {@link #port()} of this backend. Call after {@link #kill()}.
	 */
	public GreeterBackend restart() {
		return restart(InsecureServerCredentials.create());
	}

	/**
	 * Like {@link #restart()}, with the given credentials, e.g. a renewed server certificate.
	 */
	public GreeterBackend restart(ServerCredentials credentials) {
		return start(this.name, 0, credentials, new InetSocketAddress(InetAddress.getLoopbackAddress(), port()));
	}

	private static GreeterBackend start(String name, int port, ServerCredentials credentials,
			InetSocketAddress listenOn) {
		HealthStatusManager health = new HealthStatusManager();
		GreeterService greeter = new GreeterService(name);
		AtomicInteger healthWatches = new AtomicInteger();
		ServerInterceptor watchCounter = new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
					ServerCallHandler<Q, R> next) {
				healthWatches.incrementAndGet();
				return next.startCall(call, headers);
			}
		};
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", port), credentials)
			.addService(greeter)
			.addService(ServerInterceptors.intercept(health.getHealthService(), watchCounter))
			.build();
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start backend " + name, ex);
		}
		GreeterBackend backend;
		try {
			backend = new GreeterBackend(name, server, health, greeter, healthWatches, listenOn);
		}
		catch (RuntimeException ex) {
			server.shutdownNow();
			throw ex;
		}
		backend.setServing(true);
		return backend;
	}

	public String name() {
		return this.name;
	}

	/**
	 * The port clients use: a relay in front of the server, so that {@link #kill()} can drop
	 * connections the way a dying host does.
	 */
	public int port() {
		return this.proxy.port();
	}

	public String address() {
		return host() + ":" + port();
	}

	/** The loopback IP address clients connect to. */
	public String host() {
		return this.proxy.host();
	}

	/**
	 * The greeter it serves, to slow it down, make it fail, or read when calls arrived.
	 */
	public GreeterService greeter() {
		return this.greeter;
	}

	public int calls() {
		return this.greeter.calls();
	}

	/**
	 * How many connections clients opened to it, each a connection attempt (with TLS, a handshake
	 * whether or not it succeeded).
	 */
	public int connections() {
		return this.proxy.connections();
	}

	/** How many calls the health service got (clients watch health over one long-lived call each). */
	public int healthWatches() {
		return this.healthWatches.get();
	}

	/**
	 * Sets the health status of {@link #SERVICE} and of the whole server.
	 */
	public void setServing(boolean serving) {
		ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
		this.health.setStatus(SERVICE, status);
		this.health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
	}

	/**
	 * Kills the backend as a crash would: connections are reset, calls in flight are lost, new
	 * connections are refused.
	 */
	public void kill() {
		this.proxy.kill();
		this.server.shutdownNow();
		awaitTermination();
	}

	@Override
	public void close() {
		kill();
	}

	private void awaitTermination() {
		try {
			this.server.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
