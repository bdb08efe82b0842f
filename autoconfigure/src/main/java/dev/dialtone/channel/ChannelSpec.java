package dev.dialtone.channel;

import java.time.Duration;

import io.grpc.ChannelCredentials;

/**
 * Everything needed to build one channel: the defaults merged in, every value validated. Optional
 * settings are null when grpc-java's own default applies.
 *
 * @param name the channel's name
 * @param target where the backends are
 * @param lbPolicy the load-balancing policy
 * @param deadline deadline for calls without one, or null
 * @param retry the retry policy, or null when retry is off
 * @param healthServiceName the service name checked on each backend, or null
 * @param credentials plaintext, TLS or mTLS credentials
 * @param security how the channel is secured, for operators ({@code plaintext}, {@code tls}, ...)
 * @param keepaliveTime keepalive ping interval, or null
 * @param keepaliveTimeout keepalive ping timeout, or null
 * @param keepaliveWithoutCalls whether to ping without calls, or null
 * @param idleTimeout idle timeout, or null
 * @param maxInboundMessageSize largest inbound message in bytes, or null
 * @param userAgent user-agent prefix, or null
 * @param authority the authority presented to backends and checked against their certificates, or
 * null for the target's own
 * @param shutdownGracePeriod how long calls in flight may finish at shutdown
 * @param dnsRefreshInterval how often a dns: target is resolved again
 * @param immediateConnectTimeout how long startup waits for the channel to be READY, or null to
 * connect on the first call
 */
public record ChannelSpec(String name, ChannelTarget target, String lbPolicy, Duration deadline, RetrySpec retry,
		String healthServiceName, ChannelCredentials credentials, String security, Duration keepaliveTime,
		Duration keepaliveTimeout, Boolean keepaliveWithoutCalls, Duration idleTimeout, Integer maxInboundMessageSize,
		String userAgent, String authority, Duration shutdownGracePeriod, Duration dnsRefreshInterval,
		Duration immediateConnectTimeout) {

}
