package dev.dialtone.internal.resolver;

import java.time.Duration;

/**
 * How often every refreshing resolver (dns:, discovery:) looks a target up, validated once from
 * {@code grpc.client.resolution.*}.
 *
 * @param refreshInterval the longest time between two lookups of one target, for channels that
 * set none of their own
 * @param minInterval the shortest time between two lookups of one target, however often a failing
 * connection or a registry's heartbeat asks for one
 */
public record ResolutionDefaults(Duration refreshInterval, Duration minInterval) {

}
