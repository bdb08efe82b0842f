package dev.dialtone.test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.Channel;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;

import dev.dialtone.test.proto.GreeterGrpc;
import dev.dialtone.test.proto.HelloReply;
import dev.dialtone.test.proto.HelloRequest;

/**
 * Calls to a {@link GreeterService} through a channel, as the tests make them. They take any
 * {@link Channel}, e.g. {@code channels.channel("greeter")}, so that they do not depend on how
 * Dialtone hands its channels out.
 */
public final class GreeterCalls {

	/**
	 * The deadline of {@link #call(Channel)} and {@link #callWhenReady(Channel)}: room for resolving
	 * and connecting on a busy machine, so that a call that must succeed fails instead of hanging
	 * when it does not.
	 */
	public static final Duration DEADLINE = Duration.ofSeconds(10);

	/**
	 * The deadline of {@link #tryCall(Channel)}: short, because it is made again and again inside a
	 * wait while backends die, and a call held by a connection attempt must not use up that wait.
	 */
	public static final Duration TRY_DEADLINE = Duration.ofSeconds(2);

	private GreeterCalls() {
	}

	/**
	 * A request that the greeter answers at once.
	 */
	public static HelloRequest hello() {
		return HelloRequest.newBuilder().setName("test").build();
	}

	/**
	 * One call that must succeed, with the {@link #DEADLINE}.
	 * @throws StatusRuntimeException if it fails
	 */
	public static HelloReply call(Channel channel) {
		return call(channel, DEADLINE);
	}

	/**
	 * One call that must succeed, with the given deadline.
	 * @throws StatusRuntimeException if it fails
	 */
	public static HelloReply call(Channel channel, Duration deadline) {
		return GreeterGrpc.newBlockingStub(channel)
			.withDeadlineAfter(deadline.toMillis(), TimeUnit.MILLISECONDS)
			.sayHello(hello());
	}

	/**
	 * One call that must succeed, with the {@link #DEADLINE}, which waits for a ready backend instead
	 * of failing while the channel has none (wait-for-ready), e.g. while its addresses change.
	 * @throws StatusRuntimeException if it fails
	 */
	public static HelloReply callWhenReady(Channel channel) {
		return GreeterGrpc.newBlockingStub(channel)
			.withDeadlineAfter(DEADLINE.toMillis(), TimeUnit.MILLISECONDS)
			.withWaitForReady()
			.sayHello(hello());
	}

	/**
	 * One call that may fail, with the {@link #TRY_DEADLINE}: it makes the channel connect, or notice
	 * that its backends are gone, while a test waits for what follows from that.
	 * @return the status of the failed call, or {@code null} if it succeeded
	 */
	public static Status tryCall(Channel channel) {
		try {
			call(channel, TRY_DEADLINE);
			return null;
		}
		catch (StatusRuntimeException ex) {
			return ex.getStatus();
		}
	}

}
