package dev.dialtone.resolver;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;

/**
 * What one lookup of a target found.
 *
 * @param addresses the backends, empty when the name has no records
 * @param ttl how long the shortest-lived record involved may be cached
 */
record DnsAnswer(List<InetSocketAddress> addresses, Duration ttl) {

	DnsAnswer {
		addresses = List.copyOf(addresses);
	}

}
