package dev.dialtone.internal.resolver.discovery;

import org.springframework.cloud.client.discovery.event.HeartbeatEvent;
import org.springframework.cloud.client.discovery.event.InstanceRegisteredEvent;
import org.springframework.cloud.client.discovery.event.ParentHeartbeatEvent;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.event.SmartApplicationListener;

/**
 * Tells {@link DiscoveryResolution} when the registry may have changed, so that an instance added
 * or removed reaches the channels long before their refresh interval: discovery clients publish a
 * {@link HeartbeatEvent} when their view of the catalog was refreshed (a
 * {@link ParentHeartbeatEvent} in a child context), and an {@link InstanceRegisteredEvent} once
 * this application registered, when the registry surely answers.
 */
public final class DiscoveryHeartbeatListener implements SmartApplicationListener {

	private final DiscoveryResolution resolution;

	public DiscoveryHeartbeatListener(DiscoveryResolution resolution) {
		this.resolution = resolution;
	}

	@Override
	public boolean supportsEventType(Class<? extends ApplicationEvent> eventType) {
		return HeartbeatEvent.class.isAssignableFrom(eventType) || ParentHeartbeatEvent.class.isAssignableFrom(eventType)
				|| InstanceRegisteredEvent.class.isAssignableFrom(eventType);
	}

	@Override
	public void onApplicationEvent(ApplicationEvent event) {
		this.resolution.registryChanged();
	}

}
