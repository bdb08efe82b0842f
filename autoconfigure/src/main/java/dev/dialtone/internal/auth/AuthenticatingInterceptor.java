package dev.dialtone.internal.auth;

import java.util.concurrent.atomic.AtomicReference;

import io.grpc.Attributes;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import org.jspecify.annotations.Nullable;

/**
 * Gives each call of a channel its credentials and, when a backend rejects the call with
 * {@code UNAUTHENTICATED}, drops the header it carried and tries once more with a fresh one. Only
 * calls whose one request message is known can be tried again (unary and server-streaming), and
 * only while nothing of the answer reached the application; other calls fail, and the next call
 * gets the fresh header. A call that carries credentials of its own
 * ({@link CallOptions#withCallCredentials}) keeps them and is left alone.
 */
public final class AuthenticatingInterceptor implements ClientInterceptor {

	private final AuthorizationCallCredentials credentials;

	private final CallAuthorization authorization;

	/**
	 * @param channel the channel's name, for the status of a call that got no credentials
	 * @param authorization where the header comes from
	 */
	public AuthenticatingInterceptor(String channel, CallAuthorization authorization) {
		this.authorization = authorization;
		this.credentials = new AuthorizationCallCredentials(channel, authorization);
	}

	@Override
	public <Q, R> ClientCall<Q, R> interceptCall(MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
		if (options.getCredentials() != null) {
			return next.newCall(method, options);
		}
		return new RetryingCall<>(next, method, options.withCallCredentials(this.credentials),
				method.getType().clientSendsOneMessage());
	}

	/**
	 * One call as the application sees it: one attempt, or two when the first was rejected. The
	 * application calls in on its thread, the attempts' listeners on the call executor; the lock
	 * keeps what both touch.
	 */
	private final class RetryingCall<Q, R> extends ClientCall<Q, R> {

		private final Channel next;

		private final MethodDescriptor<Q, R> method;

		private final CallOptions options;

		private final boolean replayable;

		private final Object lock = new Object();

		// Guarded by lock.
		private ClientCall<Q, R> current;

		private Listener<R> listener;

		private Metadata headers;

		private @Nullable Q message;

		private int requested;

		private boolean halfClosed;

		private boolean cancelled;

		private boolean retried;

		private @Nullable Boolean compression;

		RetryingCall(Channel next, MethodDescriptor<Q, R> method, CallOptions options, boolean replayable) {
			this.next = next;
			this.method = method;
			this.options = options;
			this.replayable = replayable;
		}

		@Override
		public void start(Listener<R> listener, Metadata headers) {
			synchronized (this.lock) {
				this.listener = listener;
				if (this.replayable) {
					this.headers = copy(headers);
				}
				this.current = attempt(headers);
			}
		}

		// Called with the lock held.
		private ClientCall<Q, R> attempt(Metadata headers) {
			AtomicReference<String> sent = new AtomicReference<>();
			ClientCall<Q, R> call = this.next.newCall(this.method, this.options.withOption(AuthorizationCallCredentials.SENT, sent));
			call.start(new AttemptListener(sent), headers);
			return call;
		}

		@Override
		public void request(int numMessages) {
			ClientCall<Q, R> call;
			synchronized (this.lock) {
				this.requested += numMessages;
				call = this.current;
			}
			call.request(numMessages);
		}

		@Override
		public void cancel(@Nullable String message, @Nullable Throwable cause) {
			ClientCall<Q, R> call;
			synchronized (this.lock) {
				this.cancelled = true;
				call = this.current;
			}
			if (call != null) {
				call.cancel(message, cause);
			}
		}

		@Override
		public void halfClose() {
			ClientCall<Q, R> call;
			synchronized (this.lock) {
				this.halfClosed = true;
				call = this.current;
			}
			call.halfClose();
		}

		@Override
		public void sendMessage(Q message) {
			ClientCall<Q, R> call;
			synchronized (this.lock) {
				if (this.replayable) {
					this.message = message;
				}
				call = this.current;
			}
			call.sendMessage(message);
		}

		@Override
		public boolean isReady() {
			synchronized (this.lock) {
				return this.current.isReady();
			}
		}

		@Override
		public void setMessageCompression(boolean enabled) {
			ClientCall<Q, R> call;
			synchronized (this.lock) {
				this.compression = enabled;
				call = this.current;
			}
			call.setMessageCompression(enabled);
		}

		@Override
		public Attributes getAttributes() {
			synchronized (this.lock) {
				return this.current.getAttributes();
			}
		}

		/**
		 * Starts the second attempt when the first may be replayed; false when the rejection
		 * stands.
		 */
		private boolean retry() {
			synchronized (this.lock) {
				if (!this.replayable || this.retried || this.cancelled || !this.halfClosed || this.message == null) {
					return false;
				}
				this.retried = true;
				ClientCall<Q, R> call = attempt(copy(this.headers));
				this.current = call;
				if (this.compression != null) {
					call.setMessageCompression(this.compression);
				}
				if (this.requested > 0) {
					call.request(this.requested);
				}
				call.sendMessage(this.message);
				call.halfClose();
				return true;
			}
		}

		private Listener<R> listener() {
			synchronized (this.lock) {
				return this.listener;
			}
		}

		private static Metadata copy(Metadata headers) {
			Metadata copy = new Metadata();
			copy.merge(headers);
			return copy;
		}

		/**
		 * Hands one attempt's answer to the application, except a rejection that is tried again.
		 */
		private final class AttemptListener extends Listener<R> {

			private final AtomicReference<String> sent;

			// Set and read on the call executor, which runs one callback at a time.
			private boolean answered;

			AttemptListener(AtomicReference<String> sent) {
				this.sent = sent;
			}

			@Override
			public void onHeaders(Metadata headers) {
				this.answered = true;
				listener().onHeaders(headers);
			}

			@Override
			public void onMessage(R message) {
				this.answered = true;
				listener().onMessage(message);
			}

			@Override
			public void onReady() {
				listener().onReady();
			}

			@Override
			public void onClose(Status status, Metadata trailers) {
				if (status.getCode() == Status.Code.UNAUTHENTICATED) {
					String header = this.sent.get();
					if (header != null) {
						AuthenticatingInterceptor.this.authorization.rejected(header);
					}
					if (!this.answered && retry()) {
						return;
					}
				}
				listener().onClose(status, trailers);
			}

		}

	}

}
