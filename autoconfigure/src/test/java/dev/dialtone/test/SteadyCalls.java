package dev.dialtone.test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.MethodDescriptor;
import io.grpc.stub.ClientCalls;

import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;
import dev.dialtone.test.proto.HelloRequest;

/**
 * Calls at a steady rate while things happen to the backends, and counts the calls that failed.
 */
public final class SteadyCalls {

	private SteadyCalls() {
	}

	/**
	 * @param channel the channel to call through
	 * @param count how many calls to send
	 * @param spacing the time between two calls (20 ms: 50 calls a second)
	 * @param work how long each call is held by its backend, so that some are in flight when
	 * something happens
	 * @param events what happens, and when after the first call
	 * @return the number of calls that failed
	 */
	public static int failures(Channel channel, int count, Duration spacing, Duration work,
			Map<Duration, Runnable> events) throws Exception {
		return failures(channel, GreeterGrpc.getSayHelloMethod(), count, spacing, work, events);
	}

	/**
	 * Like {@link #failures(Channel, int, Duration, Duration, Map)}, calling the given method.
	 */
	public static int failures(Channel channel, MethodDescriptor<HelloRequest, HelloReply> method, int count,
			Duration spacing, Duration work, Map<Duration, Runnable> events) throws Exception {
		HelloRequest request = HelloRequest.newBuilder().setName("load").setDelayMillis(work.toMillis()).build();
		AtomicInteger failures = new AtomicInteger();
		List<CompletableFuture<Void>> calls = new ArrayList<>();
		ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
		try {
			for (int i = 0; i < count; i++) {
				CompletableFuture<Void> done = new CompletableFuture<>();
				calls.add(done);
				scheduler.schedule(() -> {
					var reply = ClientCalls.futureUnaryCall(channel.newCall(method, CallOptions.DEFAULT), request);
					reply.addListener(() -> {
						try {
							reply.get();
						}
						catch (Exception ex) {
							failures.incrementAndGet();
						}
						done.complete(null);
					}, Runnable::run);
				}, i * spacing.toMillis(), TimeUnit.MILLISECONDS);
			}
			events.forEach((at, event) -> scheduler.schedule(event, at.toMillis(), TimeUnit.MILLISECONDS));
			CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
		}
		finally {
			scheduler.shutdownNow();
		}
		return failures.get();
	}

}
