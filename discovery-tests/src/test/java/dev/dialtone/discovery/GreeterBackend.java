package dev.dialtone.discovery;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;
import io.grpc.stub.StreamObserver;

import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;
import dev.dialtone.test.proto.HelloRequest;

/**
 * A real greeter server on a free loopback port. Each reply names the backend; the backend counts
 * the calls it served.
 */
final class GreeterBackend implements AutoCloseable {

	private final String name;

	private final Server server;

	private final AtomicInteger calls;

	private GreeterBackend(String name, Server server, AtomicInteger calls) {
		this.name = name;
		this.server = server;
		this.calls = calls;
	}

	static GreeterBackend start(String name) {
		AtomicInteger calls = new AtomicInteger();
		Server server = NettyServerBuilder
			.forAddress(new InetSocketAddress("127.0.0.1", 0), InsecureServerCredentials.create())
			.addService(new GreeterGrpc.GreeterImplBase() {
				@Override
				public void sayHello(HelloRequest request, StreamObserver<HelloReply> responses) {
					calls.incrementAndGet();
					responses.onNext(HelloReply.newBuilder().setMessage("Hello " + request.getName()).setBackend(name).build());
					responses.onCompleted();
				}
			})
			.build();
		try {
			server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start backend " + name, ex);
		}
		return new GreeterBackend(name, server, calls);
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.server.getPort();
	}

	int calls() {
		return this.calls.get();
	}

	@Override
	public void close() throws InterruptedException {
		this.server.shutdownNow().awaitTermination(10, TimeUnit.SECONDS);
	}

}
