package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Gives a call the configured deadline of its method, its service or its channel, when the caller
 * set none. A deadline the caller set is left as it is, shorter or longer: that is why this is no
 * service-config {@code timeout}, which would cut every longer deadline.
 */
final class DefaultDeadlineInterceptor implements ClientInterceptor {

	// By full method name (service/method) or service name; names were checked unique at startup.
	private final Map<String, Long> byName;

	private final @Nullable Long channelNanos;

	private DefaultDeadlineInterceptor(Map<String, Long> byName, @Nullable Long channelNanos) {
		this.byName = byName;
		this.channelNanos = channelNanos;
	}

	/**
	 * The interceptor for a channel's calls, or null when no method has a deadline.
	 */
	static @Nullable DefaultDeadlineInterceptor of(ChannelSpec.Calls calls) {
		Map<String, Long> byName = new HashMap<>();
		for (MethodCalls method : calls.methods()) {
			if (method.deadline() != null) {
				method.names().forEach((name) -> byName.put(name.toString(), method.deadline().toNanos()));
			}
		}
		Duration channel = calls.channel().deadline();
		if (byName.isEmpty() && channel == null) {
			return null;
		}
		return new DefaultDeadlineInterceptor(byName, (channel != null) ? channel.toNanos() : null);
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
			Channel next) {
		if (callOptions.getDeadline() == null) {
			Long nanos = deadlineOf(method);
			if (nanos != null) {
				callOptions = callOptions.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS);
			}
		}
		return next.newCall(method, callOptions);
	}

	private @Nullable Long deadlineOf(MethodDescriptor<?, ?> method) {
		if (!this.byName.isEmpty()) {
			Long nanos = this.byName.get(method.getFullMethodName());
			if (nanos == null && method.getServiceName() != null) {
				nanos = this.byName.get(method.getServiceName());
			}
			if (nanos != null) {
				return nanos;
			}
		}
		return this.channelNanos;
	}

}
