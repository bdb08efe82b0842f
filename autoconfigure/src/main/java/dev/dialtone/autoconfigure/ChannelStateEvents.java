package dev.dialtone.autoconfigure;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

import io.grpc.ConnectivityState;
import io.grpc.ManagedChannel;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEventPublisher;

import dev.dialtone.GrpcChannelStateChangedEvent;
import dev.dialtone.internal.channel.ChannelStateListener;

/**
 * Publishes each channel state change as a {@link GrpcChannelStateChangedEvent}, in order, from
 * one thread of its own: a listener never runs in, or holds up, a channel's synchronization
 * context.
 */
final class ChannelStateEvents implements ChannelStateListener, AutoCloseable {

	private static final Log logger = LogFactory.getLog(ChannelStateEvents.class);

	private final ApplicationEventPublisher publisher;

	private final ExecutorService executor = Executors.newSingleThreadExecutor((task) -> {
		Thread thread = new Thread(task, "dialtone-events");
		thread.setDaemon(true);
		return thread;
	});

	ChannelStateEvents(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void changed(String name, ManagedChannel channel, ConnectivityState from, ConnectivityState to,
			@Nullable String reason) {
		GrpcChannelStateChangedEvent event = new GrpcChannelStateChangedEvent(channel, name, from, to, reason);
		try {
			this.executor.execute(() -> publish(event));
		}
		catch (RejectedExecutionException ex) {
			// Closed: the application is stopping and nobody listens any more.
		}
	}

	private void publish(GrpcChannelStateChangedEvent event) {
		try {
			this.publisher.publishEvent(event);
		}
		catch (RuntimeException ex) {
			logger.warn("A listener of " + event + " failed", ex);
		}
	}

	@Override
	public void close() throws InterruptedException {
		this.executor.shutdown();
		this.executor.awaitTermination(1, TimeUnit.SECONDS);
	}

}
