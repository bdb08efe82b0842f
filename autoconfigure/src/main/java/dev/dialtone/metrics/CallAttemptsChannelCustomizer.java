package dev.dialtone.metrics;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;
import java.util.concurrent.atomic.AtomicReferenceArray;

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

		// By full method name: a call finds its method's summaries without building a key, and its
		// status's summary by the code's ordinal.
		private final Map<String, MethodSummaries> summaries = new ConcurrentHashMap<>();

		AttemptCounting(MeterRegistry registry, String channel) {
			this.registry = registry;
			this.channel = channel;
		}

		@Override
		public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions callOptions,
				Channel next) {
			Attempts attempts = new Attempts(summaries(method.getFullMethodName()));
			return new SimpleForwardingClientCall<>(next.newCall(method, callOptions.withStreamTracerFactory(attempts))) {

				@Override
				public void start(Listener<R> listener, Metadata headers) {
					super.start(new SimpleForwardingClientCallListener<>(listener) {

						@Override
						public void onClose(Status status, Metadata trailers) {
							attempts.record(status.getCode());
							super.onClose(status, trailers);
						}

					}, headers);
				}

			};
		}

		private MethodSummaries summaries(String method) {
			MethodSummaries summaries = this.summaries.get(method);
			return (summaries != null) ? summaries
					: this.summaries.computeIfAbsent(method, (name) -> new MethodSummaries(this.registry, this.channel, name));
		}

	}

	/**
	 * The summaries of one method, one per status code, each registered when a call first closes with
	 * its code.
	 */
	private static final class MethodSummaries {

		private final MeterRegistry registry;

		private final String channel;

		private final String method;

		private final AtomicReferenceArray<DistributionSummary> byCode = new AtomicReferenceArray<>(
				Status.Code.values().length);

		MethodSummaries(MeterRegistry registry, String channel, String method) {
			this.registry = registry;
			this.channel = channel;
			this.method = method;
		}

		DistributionSummary of(Status.Code code) {
			DistributionSummary summary = this.byCode.get(code.ordinal());
			if (summary == null) {
				// Two calls may register it at once: the registry gives both the same summary.
				summary = DistributionSummary.builder(METER)
					.description("Attempts per call: the first, retries, hedges and transparent retries")
					.baseUnit("attempts")
					.tags("channel", this.channel, "method", this.method, "status", code.name())
					.register(this.registry);
				this.byCode.set(code.ordinal(), summary);
			}
			return summary;
		}

	}

	/**
	 * One call's attempts: grpc-java asks it for a tracer at each one.
	 */
	private static final class Attempts extends ClientStreamTracer.Factory {

		private static final AtomicIntegerFieldUpdater<Attempts> COUNT = AtomicIntegerFieldUpdater
			.newUpdater(Attempts.class, "count");

		private static final ClientStreamTracer TRACER = new ClientStreamTracer() {
		};

		private final MethodSummaries summaries;

		private volatile int count;

		Attempts(MethodSummaries summaries) {
			this.summaries = summaries;
		}

		@Override
		public ClientStreamTracer newClientStreamTracer(ClientStreamTracer.StreamInfo info, Metadata headers) {
			COUNT.incrementAndGet(this);
			return TRACER;
		}

		void record(Status.Code code) {
			this.summaries.of(code).record(this.count);
		}

	}

}
