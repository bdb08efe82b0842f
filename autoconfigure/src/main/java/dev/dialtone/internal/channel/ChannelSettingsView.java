package dev.dialtone.internal.channel;

import java.util.Map;

import org.jspecify.annotations.Nullable;

import dev.dialtone.GrpcChannelSettings;

/**
 * The public, read-only view of a {@link ChannelSpec}: what operators and applications may read,
 * without the credentials the spec holds.
 */
record ChannelSettingsView(ChannelSpec spec) implements GrpcChannelSettings {

	@Override
	public String name() {
		return this.spec.name();
	}

	@Override
	public String target() {
		return this.spec.target().configured();
	}

	@Override
	public String lbPolicy() {
		return this.spec.balancing().lbPolicy();
	}

	@Override
	public String security() {
		return this.spec.transport().security().description();
	}

	@Override
	public @Nullable String healthCheckServiceName() {
		return this.spec.balancing().healthCheckServiceName();
	}

	@Override
	public Map<String, Object> serviceConfig() {
		return ServiceConfig.of(this.spec);
	}

	@Override
	public boolean healthIndicatorEnabled() {
		return this.spec.indicator().enabled();
	}

	@Override
	public boolean healthIndicatorCritical() {
		return this.spec.indicator().critical();
	}

}
