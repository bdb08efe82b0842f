package dev.dialtone.test;

import java.util.concurrent.TimeUnit;

import io.grpc.Metadata;
import kotlin.coroutines.EmptyCoroutineContext;
import kotlinx.coroutines.BuildersKt;

import dev.dialtone.test.proto.GreeterGrpcKt;
import dev.dialtone.test.proto.HelloReply;

/**
 * Calls through grpc-kotlin's coroutine stub from Java, as {@link GreeterCalls} does through
 * grpc-java's: apart so that nothing else needs Kotlin's classes.
 */
public final class CoroutineGreeterCalls {

	private CoroutineGreeterCalls() {
	}

	/**
	 * One call that must succeed, with {@link GreeterCalls#DEADLINE}, run to its end in a blocking
	 * coroutine.
	 */
	public static HelloReply call(GreeterGrpcKt.GreeterCoroutineStub stub) {
		GreeterGrpcKt.GreeterCoroutineStub withDeadline = stub
			.withDeadlineAfter(GreeterCalls.DEADLINE.toMillis(), TimeUnit.MILLISECONDS);
		try {
			return BuildersKt.runBlocking(EmptyCoroutineContext.INSTANCE,
					(scope, continuation) -> withDeadline.sayHello(GreeterCalls.hello(), new Metadata(), continuation));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}
