package dev.dialtone.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ClientStreamTracer;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.ManagedChannelBuilder;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;

import dev.dialtone.GrpcChannelCustomizer;

/**
 * Counts the attempts of every call, so that an operator sees when retries and hedges climb:
 * {@code grpc.client.call.attempts}, a distribution summary per channel, method and final status
 * whose count is the calls and whose total is their attempts (the first one, retries, hedges and
 * grpc-java's transparent retries). grpc-java creates one {@link ClientStreamTracer} per attempt;
 * the summary records their number when the call closes.
 */
public final class CallAttemptsChannelCustomizer implements GrpcChannelCustomizer {

	/** The meter's name. */
	public static final String METER = "grpc.client.call.attempts";

	private final MeterRegistry registry;

	public CallAttemptsChannelCustomizer(MeterRegistry registry) {
		this.registry = registry;
	}

	@Override
	public void customize(String channelName, ManagedChannelBuilder<?> builder) {
		builder.intercept(new AttemptCounting(this.registry, channelName));
	}

	private static final class AttemptCounting implements ClientInterceptor {

		private final MeterRegistry registry;

		private final String channel;

		// One summary per method and status, looked up once.
		private final Map<String, DistributionSummary> summaries = new ConcurrentHashMap<>();

		AttemptCounting(MeterRegistry registry, String channel) {
			this.registry = registry;
			this.channel = channel;
		}

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
				Channel next) {
			Attempts attempts = new Attempts();
			return new SimpleForwardingClientCall<>(next.newCall(method, callOptions.withStreamTracerFactory(attempts))) {

				@Override
				public void start(Listener<R> listener, Metadata headers) {
					super.start(new SimpleForwardingClientCallListener<>(listener) {

						@Override
						public void onClose(Status status, Metadata trailers) {
							summary(method.getFullMethodName(), status.getCode()).record(attempts.count());
							super.onClose(status, trailers);
						}

					}, headers);
				}

			};
		}

		private DistributionSummary summary(String method, Status.Code code) {
			return this.summaries.computeIfAbsent(method + " " + code.name(),
					(key) -> DistributionSummary.builder(METER)
						.description("Attempts per call: the first, retries, hedges and transparent retries")
						.baseUnit("attempts")
						.tags("channel", this.channel, "method", method, "status", code.name())
						.register(this.registry));
		}

	}

	private static final class Attempts extends ClientStreamTracer.Factory {

		private final AtomicInteger count = new AtomicInteger();

		private static final ClientStreamTracer TRACER = new ClientStreamTracer() {
		};

		@Override
		public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
			this.count.incrementAndGet();
			return TRACER;
		}

		int count() {
			return this.count.get();
		}

	}

}
