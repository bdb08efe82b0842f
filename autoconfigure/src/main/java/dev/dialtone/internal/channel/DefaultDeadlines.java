package dev.dialtone.internal.channel;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.grpc.CallOptions;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * Gives a call the configured deadline of its method, its service or its channel, when the caller
 * set none. A deadline the caller set is left as it is, shorter or longer: that is why this is no
 * service-config {@code timeout}, which would cut every longer deadline.
 * <p>
 * Applied where a call enters the channel ({@link LazyManagedChannel#newCall}), before any
 * interceptor, so that every interceptor sees the deadline the call has; not as an interceptor of
 * its own, which would put one more channel and call layer on every call.
 */
final class DefaultDeadlines {

	// By full method name (service/method) or service name; names were checked unique at startup.
	private final Map<String, Long> byName;

	private final @Nullable Long channelNanos;

	private DefaultDeadlines(Map<String, Long> byName, @Nullable Long channelNanos) {
		this.byName = byName;
		this.channelNanos = channelNanos;
	}

	/**
	 * The deadlines of a channel's calls, or null when no method has one.
	 */
	static @Nullable DefaultDeadlines of(ChannelSpec.Calls calls) {
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
		return new DefaultDeadlines(byName, (channel != null) ? channel.toNanos() : null);
	}

	/**
	 * The call's options, with the configured deadline when the caller set none.
	 */
	CallOptions apply(MethodDescriptor<?, ?> method, CallOptions callOptions) {
		if (callOptions.getDeadline() == null) {
			Long nanos = deadlineOf(method);
			if (nanos != null) {
				return callOptions.withDeadlineAfter(nanos, TimeUnit.NANOSECONDS);
			}
		}
		return callOptions;
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
