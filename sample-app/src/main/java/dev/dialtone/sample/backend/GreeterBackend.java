package dev.dialtone.sample.backend;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.health.v1.HealthCheckResponse.ServingStatus;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.services.HealthStatusManager;
import io.grpc.stub.StreamObserver;

import dev.dialtone.sample.proto.GreeterGrpc;
import dev.dialtone.sample.proto.HelloReply;
import dev.dialtone.sample.proto.HelloRequest;

/**
 * One greeter backend: a gRPC server on a loopback port with a grpc.health.v1 health service,
 * reached through a relay that can kill it the way a crash would.
 */
public final class GreeterBackend {

	/**
	 * The service whose health the backend reports and the channel checks.
	 */
	public static final String SERVICE = GreeterGrpc.SERVICE_NAME;

	private final String name;

	private final Server server;

	private final HealthStatusManager health;

	private final KillableRelay relay;

	private final AtomicInteger inFlight;

	private GreeterBackend(String name, Server server, HealthStatusManager health, KillableRelay relay,
			AtomicInteger inFlight) {
		this.name = name;
		this.server = server;
		this.health = health;
		this.relay = relay;
		this.inFlight = inFlight;
	}

	/**
	 * Starts a backend on a free loopback port that spends {@code work} on each call, so that
	 * calls are in flight when it is killed.
	 */
	static GreeterBackend start(String name, Duration work) throws IOException {
		return start(name, work, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
	}

	/**
	 * Starts a backend that clients reach at {@code listen}, such as 127.0.0.2 on a port another
	 * backend has on 127.0.0.1: what a DNS name with several addresses and one port points at.
	 */
	static GreeterBackend start(String name, Duration work, InetSocketAddress listen) throws IOException {
		HealthStatusManager health = new HealthStatusManager();
		AtomicInteger inFlight = new AtomicInteger();
		Server server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0),
					InsecureServerCredentials.create())
			.addService(new Greeter(name, work, inFlight))
			.addService(health.getHealthService())
			.build()
			.start();
		KillableRelay relay;
		try {
			relay = new KillableRelay(listen, server.getPort());
		}
		catch (IOException ex) {
			server.shutdownNow();
			throw ex;
		}
		GreeterBackend backend = new GreeterBackend(name, server, health, relay, inFlight);
		backend.setServing(true);
		return backend;
	}

	public String name() {
		return this.name;
	}

	/**
	 * The address clients call, as {@code host:port}: the relay's, not the server's.
	 */
	public String address() {
		return this.relay.address();
	}

	/**
	 * The IP address clients call.
	 */
	public String host() {
		return this.relay.host();
	}

	/**
	 * The port clients call.
	 */
	public int port() {
		return this.relay.port();
	}

	/**
	 * Calls the backend is working on right now.
	 */
	public int inFlight() {
		return this.inFlight.get();
	}

	/**
	 * Reports the greeter service, and the server as a whole, as serving or not.
	 */
	public void setServing(boolean serving) {
		ServingStatus status = serving ? ServingStatus.SERVING : ServingStatus.NOT_SERVING;
		this.health.setStatus(SERVICE, status);
		this.health.setStatus(HealthStatusManager.SERVICE_NAME_ALL_SERVICES, status);
	}

	/**
	 * Kills the backend as a crash would: connections reset, calls in flight lost, new
	 * connections refused. Killing twice is harmless.
	 */
	public void kill() {
		this.relay.kill();
		this.server.shutdownNow();
		try {
			this.server.awaitTermination(5, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static final class Greeter extends GreeterGrpc.GreeterImplBase {

		private final String name;

		private final Duration work;

		private final AtomicInteger inFlight;

		Greeter(String name, Duration work, AtomicInteger inFlight) {
			this.name = name;
			this.work = work;
			this.inFlight = inFlight;
		}

		@Override
		public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
			this.inFlight.incrementAndGet();
			try {
				// The backend's own work, a stand-in for what a real handler spends its time on.
				Thread.sleep(this.work.toMillis());
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			finally {
				this.inFlight.decrementAndGet();
			}
			responses.onNext(HelloReply.newBuilder()
				.setMessage("Hello " + request.getName() + ", from " + this.name)
				.setBackend(this.name)
				.build());
			responses.onCompleted();
		}

	}

}
