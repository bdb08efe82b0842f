package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;

/**
 * Gives a call the channel's configured deadline when the caller set none.
 */
final class DefaultDeadlineInterceptor implements ClientInterceptor {

	private final long deadlineNanos;

	DefaultDeadlineInterceptor(Duration deadline) {
		this.deadlineNanos = deadline.toNanos();
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
			Channel next) {
		if (callOptions.getDeadline() == null) {
			callOptions = callOptions.withDeadlineAfter(this.deadlineNanos, TimeUnit.NANOSECONDS);
		}
		return next.newCall(method, callOptions);
	}

}
