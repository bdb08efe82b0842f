package dev.dialtone.internal.channel;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.grpc.CallOptions;
import io.grpc.ClientCall;
import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import io.grpc.MethodDescriptor;
import org.jspecify.annotations.Nullable;

/**
 * A channel whose grpc-java {@link ManagedChannel} is built on its first use: a call, a request to
 * connect ({@code getState(true)}), a wait for a state change or its authority. Until then it is
 * IDLE, as a built channel that never connected would be, and costs a few objects instead of a
 * whole grpc-java channel with its executors, tracers, service config and resolver registry.
 * Everything that can be wrong with the channel's settings was checked before this exists (the
 * {@link ChannelSpec} is built and validated at startup); only the building is deferred.
 * <p>
 * Shutting down a channel that was never built builds nothing: it is SHUTDOWN and terminated at
 * once. A call on it afterwards builds a channel that is shut down before the call starts, so the
 * call fails as it would on any shut-down channel.
 */
final class LazyManagedChannel extends ManagedChannel {

	private final Supplier<ManagedChannel> factory;

	private final ChannelStateLogger stateLogger;

	private final @Nullable DefaultDeadlines deadlines;

	private volatile ManagedChannel built;

	// Set when the channel is shut down before it was built; guarded by this.
	private volatile boolean shutdown;

	private boolean shutdownNow;

	/**
	 * @param factory builds the grpc-java channel, once
	 * @param stateLogger watches the channel's states once it is built, and is told when it is
	 * shut down before that
	 * @param deadlines the deadlines calls get when their caller set none, or null when none is
	 * configured
	 */
	LazyManagedChannel(Supplier<ManagedChannel> factory, ChannelStateLogger stateLogger,
			@Nullable DefaultDeadlines deadlines) {
		this.factory = factory;
		this.stateLogger = stateLogger;
		this.deadlines = deadlines;
	}

	private ManagedChannel built() {
		ManagedChannel channel = this.built;
		if (channel != null) {
			return channel;
		}
		synchronized (this) {
			if (this.built == null) {
				channel = this.factory.get();
				if (this.shutdownNow) {
					channel.shutdownNow();
				}
				else if (this.shutdown) {
					channel.shutdown();
				}
				else {
					this.stateLogger.watch(this, channel);
				}
				this.built = channel;
				notifyAll();
			}
			return this.built;
		}
	}

	@Override
	public <Q, R> ClientCall<Q, R> newCall(MethodDescriptor<Q, R> method, CallOptions options) {
		return built().newCall(method, (this.deadlines != null) ? this.deadlines.apply(method, options) : options);
	}

	@Override
	public String authority() {
		return built().authority();
	}

	@Override
	public ConnectivityState getState(boolean requestConnection) {
		ManagedChannel channel = this.built;
		if (channel != null) {
			return channel.getState(requestConnection);
		}
		if (this.shutdown) {
			return ConnectivityState.SHUTDOWN;
		}
		return requestConnection ? built().getState(true) : ConnectivityState.IDLE;
	}

	@Override
	public void notifyWhenStateChanged(ConnectivityState source, Runnable callback) {
		built().notifyWhenStateChanged(source, callback);
	}

	@Override
	public void resetConnectBackoff() {
		ManagedChannel channel = this.built;
		if (channel != null) {
			channel.resetConnectBackoff();
		}
	}

	@Override
	public void enterIdle() {
		ManagedChannel channel = this.built;
		if (channel != null) {
			channel.enterIdle();
		}
	}

	@Override
	public ManagedChannel shutdown() {
		shutdown(false);
		return this;
	}

	@Override
	public ManagedChannel shutdownNow() {
		shutdown(true);
		return this;
	}

	private void shutdown(boolean now) {
		boolean first;
		synchronized (this) {
			if (this.built != null) {
				if (now) {
					this.built.shutdownNow();
				}
				else {
					this.built.shutdown();
				}
				return;
			}
			first = !this.shutdown;
			this.shutdown = true;
			this.shutdownNow |= now;
			notifyAll();
		}
		if (first) {
			this.stateLogger.shutDownUnbuilt(this);
		}
	}

	@Override
	public boolean isShutdown() {
		ManagedChannel channel = this.built;
		return (channel != null) ? channel.isShutdown() : this.shutdown;
	}

	@Override
	public boolean isTerminated() {
		ManagedChannel channel = this.built;
		return (channel != null) ? channel.isTerminated() : this.shutdown;
	}

	@Override
	public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
		long deadline = System.nanoTime() + unit.toNanos(timeout);
		synchronized (this) {
			// Unbuilt and running: wait until it is shut down (then terminated at once) or built.
			while (this.built == null && !this.shutdown) {
				long remaining = deadline - System.nanoTime();
				if (remaining <= 0) {
					return false;
				}
				TimeUnit.NANOSECONDS.timedWait(this, remaining);
			}
		}
		ManagedChannel channel = this.built;
		if (channel == null) {
			return true;
		}
		return channel.awaitTermination(Math.max(deadline - System.nanoTime(), 0), TimeUnit.NANOSECONDS);
	}

	@Override
	public String toString() {
		ManagedChannel channel = this.built;
		return (channel != null) ? channel.toString() : "LazyManagedChannel{not built yet}";
	}

}
