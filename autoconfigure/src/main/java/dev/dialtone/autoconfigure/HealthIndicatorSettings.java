package dev.dialtone.autoconfigure;

/**
 * How one channel takes part in the grpcChannels health contributor, from
 * {@code grpc.client.channels.<name>.health.indicator.*} over {@code grpc.client.defaults}.
 *
 * @param enabled whether the channel has a health indicator
 * @param critical whether the channel's failure is DOWN (true) or UNKNOWN (false)
 */
public record HealthIndicatorSettings(boolean enabled, boolean critical) {

}
