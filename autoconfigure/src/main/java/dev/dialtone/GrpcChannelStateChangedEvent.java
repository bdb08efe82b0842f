package dev.dialtone;

import io.grpc.ConnectivityState;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * A channel went from one connectivity state to another, e.g. to warm a cache when it becomes
 * READY or to page when it fails. Published in order, one channel's events one after the other,
 * from a thread of Dialtone's own: a listener that takes its time delays later events, never the
 * channel.
 */
public class GrpcChannelStateChangedEvent extends ApplicationEvent {

	private final String channel;

	private final ConnectivityState from;

	private final ConnectivityState to;

	private final @Nullable String reason;

	/**
	 * @param source the channels the channel belongs to
	 * @param channel the channel's name
	 * @param from the state before
	 * @param to the state now
	 * @param reason why, where known (a failing channel's backend or resolution error), or null
	 */
	public GrpcChannelStateChangedEvent(Object source, String channel, ConnectivityState from, ConnectivityState to,
			@Nullable String reason) {
		super(source);
		this.channel = channel;
		this.from = from;
		this.to = to;
		this.reason = reason;
	}

	/**
	 * The channel's name, as under {@code grpc.client.channels}.
	 */
	public String channel() {
		return this.channel;
	}

	public ConnectivityState from() {
		return this.from;
	}

	public ConnectivityState to() {
		return this.to;
	}

	/**
	 * Why the channel changed state, where known (a failing channel's backend or resolution
	 * error, as a status code and description), or null.
	 */
	public @Nullable String reason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "GrpcChannelStateChangedEvent[channel=" + this.channel + ", " + this.from + " -> " + this.to
				+ ((this.reason != null) ? ", reason=" + this.reason : "") + "]";
	}

}
