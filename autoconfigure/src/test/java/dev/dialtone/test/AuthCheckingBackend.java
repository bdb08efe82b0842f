package dev.dialtone.test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.shaded.io.grpc.netty.NettyServerBuilder;

/**
 * A greeter on a loopback port that serves only calls whose {@code authorization} header it
 * accepts, and answers the others {@code UNAUTHENTICATED}, as a backend behind an authenticating
 * gateway does. It notes every header it got.
 */
public final class AuthCheckingBackend implements AutoCloseable {

	public static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
			Metadata.ASCII_STRING_MARSHALLER);

	private final Server server;

	private final List<String> headers = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger rejected = new AtomicInteger();

	private volatile Predicate<String> accepted;

	private AuthCheckingBackend(Predicate<String> accepted) {
		this.accepted = accepted;
		ServerInterceptor check = new ServerInterceptor() {
			@Override
			public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata requestHeaders,
					ServerCallHandler<Q, R> next) {
				String header = requestHeaders.get(AUTHORIZATION);
				AuthCheckingBackend.this.headers.add(String.valueOf(header));
				if (!AuthCheckingBackend.this.accepted.test(header)) {
					AuthCheckingBackend.this.rejected.incrementAndGet();
					call.close(Status.UNAUTHENTICATED.withDescription("rejected by the test backend"), new Metadata());
					return new ServerCall.Listener<>() {
					};
				}
				return next.startCall(call, requestHeaders);
			}
		};
		this.server = NettyServerBuilder.forAddress(new InetSocketAddress("127.0.0.1", 0))
			.addService(ServerInterceptors.intercept(new GreeterService("checked"), check))
			.build();
	}

	/**
	 * @param accepted which {@code authorization} headers are let through; null stands for a call
	 * without one
	 */
	public static AuthCheckingBackend start(Predicate<String> accepted) {
		AuthCheckingBackend backend = new AuthCheckingBackend(accepted);
		try {
			backend.server.start();
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the backend", ex);
		}
		return backend;
	}

	public String address() {
		return "127.0.0.1:" + this.server.getPort();
	}

	public int port() {
		return this.server.getPort();
	}

	/**
	 * From now on, lets through only these headers.
	 */
	public void accept(Predicate<String> accepted) {
		this.accepted = accepted;
	}

	/**
	 * Every {@code authorization} header the backend got, one per call attempt, in order ("null"
	 * for a call without one).
	 */
	public List<String> headers() {
		synchronized (this.headers) {
			return List.copyOf(this.headers);
		}
	}

	/**
	 * How many call attempts reached the backend.
	 */
	public int attempts() {
		return this.headers.size();
	}

	/**
	 * How many call attempts the backend rejected.
	 */
	public int rejected() {
		return this.rejected.get();
	}

	@Override
	public void close() {
		this.server.shutdownNow();
		try {
			this.server.awaitTermination(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
