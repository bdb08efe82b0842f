package dev.dialtone.benchmarks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import dev.dialtone.GrpcChannels;
import dev.dialtone.test.GreeterCalls;

/**
 * The channels the footprint and health measurements configure: every other one a
 * {@code dns:///} target answered by a loopback DNS server, the rest a {@code static://} list, each
 * naming the same three loopback greeters.
 */
final class Channels {

	static final String NAME = "greeter.test";

	private Channels() {
	}

	/**
	 * Properties for {@code count} channels named {@code c0}, {@code c1}, ...
	 */
	static Map<String, Object> properties(int count, LoopbackGreeters greeters, int dnsPort) {
		Map<String, Object> properties = new LinkedHashMap<>();
		properties.put("grpc.client.dns.servers", "127.0.0.1:" + dnsPort);
		for (int i = 0; i < count; i++) {
			String target = (i % 2 == 0) ? "dns:///" + NAME + ":" + greeters.port() : greeters.staticTarget();
			properties.put("grpc.client.channels.c" + i + ".target", target);
		}
		return properties;
	}

	/**
	 * One call on every channel, then waits (up to the timeout) until every channel is connected to
	 * all of its backends, so that what is measured next holds every connection.
	 * @return whether every channel reached all its backends in time
	 */
	static boolean callEach(GrpcChannels channels, int backends, Duration timeout) throws InterruptedException {
		for (String name : channels.names()) {
			GreeterCalls.call(channels.channel(name));
		}
		long deadline = System.nanoTime() + timeout.toNanos();
		for (String name : channels.names()) {
			while (channels.activity(name).readyBackends() < backends) {
				if (System.nanoTime() > deadline) {
					return false;
				}
				Thread.sleep(10);
			}
		}
		return true;
	}

}
