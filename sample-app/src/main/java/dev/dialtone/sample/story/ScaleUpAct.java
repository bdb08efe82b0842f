package dev.dialtone.sample.story;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;


import dev.dialtone.GrpcChannels;
import dev.dialtone.sample.SampleProperties;
import dev.dialtone.sample.backend.EmbeddedDnsBackends;
import dev.dialtone.sample.backend.GreeterBackend;
import dev.dialtone.sample.proto.GreeterGrpc;
import dev.dialtone.sample.proto.GreeterGrpc.GreeterBlockingStub;

/**
 * Act 5: a DNS name that answered one backend answers three, as when a platform scales a service
 * up, while calls flow and succeed. Dialtone's channel asks DNS again on its own schedule and the
 * new backends get calls; the act measures, on the client, when each got its first.
 */
final class ScaleUpAct {

	// How often the act looks whether the new backends answered yet: well below the times it measures.
	private static final Duration LOOK = Duration.ofMillis(10);

	private final Narrator narrator;

	private final String channelName;

	private final GrpcChannels channels;

	private final GreeterBlockingStub greeter;

	private final EmbeddedDnsBackends backends;

	private final Duration refreshInterval;

	private final SampleProperties.Story pacing;

	ScaleUpAct(Narrator narrator, String channelName, GrpcChannels channels, EmbeddedDnsBackends backends,
			Duration refreshInterval, SampleProperties.Story pacing) {
		this.narrator = narrator;
		this.channelName = channelName;
		this.channels = channels;
		this.greeter = GreeterGrpc.newBlockingStub(channels.channel(channelName));
		this.backends = backends;
		this.refreshInterval = refreshInterval;
		this.pacing = pacing;
	}

	void tell(int number, ScaleUp facts) throws InterruptedException {
		this.narrator.act(number, "the name grows: a scale-up seen through DNS");
		List<GreeterBackend> all = this.backends.all();
		GreeterBackend first = all.get(0);
		List<GreeterBackend> added = all.subList(1, all.size());
		this.narrator.say("channel " + this.channelName + ": target " + this.backends.target()
				+ ", resolution.refresh-interval " + Narrator.seconds(this.refreshInterval));
		this.narrator.say("grpc.client.dns.servers = " + this.backends.dnsServer() + ", the sample's own DNS responder");
		this.narrator.say(all.stream()
			.map((backend) -> backend.name() + " listens on " + backend.address())
			.collect(Collectors.joining(", ")));
		this.narrator.say(EmbeddedDnsBackends.NAME + " answers " + first.host() + " (TTL " + this.backends.ttlSeconds()
				+ "s); channel " + this.channelName + " is "
				+ this.channels.awaitReady(this.channelName, Duration.ofSeconds(10)));
		count("calls", facts.oneAddress());

		Duration bound = this.refreshInterval.plusSeconds(1);
		long changedAt = System.nanoTime();
		this.backends.answerWith(all);
		facts.changed(names(added), changedAt, bound);
		this.narrator.say(EmbeddedDnsBackends.NAME + " now answers "
				+ all.stream().map(GreeterBackend::host).collect(Collectors.joining(", "))
				+ ": the service scaled up. Calls go on at " + this.pacing.getCallsPerSecond()
				+ "/s, all succeeding; nothing but DNS tells the channel");
		try (Traffic traffic = Traffic.start(this.greeter, this.pacing.getCallsPerSecond(), facts.growing())) {
			awaitFirstCalls(facts, bound.multipliedBy(2));
		}
		Map<String, Duration> firstCalls = facts.firstCalls();
		for (String backend : facts.newBackends()) {
			Duration took = firstCalls.get(backend);
			this.narrator.say((took != null) ? backend + " got its first call " + took.toMillis() + " ms after the change"
					: backend + " got no call in " + Narrator.seconds(bound.multipliedBy(2)) + " after the change");
		}
		this.narrator.say((facts.everyNewBackendReachedInTime() ? "every" : "NOT every")
				+ " new backend got a call within " + Narrator.seconds(bound) + " of the change (the refresh interval and a second)");
		report("calls while the name grew", facts.growing());
		count("next calls", facts.grown());
		this.narrator.say("grpc-java's own dns resolver would not have looked again: it asks DNS only when a "
				+ "connection fails or goes idle, and every call succeeded, so " + String.join(" and ", names(added))
				+ " would have got no call at all");
	}

	private void awaitFirstCalls(ScaleUp facts, Duration atMost) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (facts.firstCalls().size() < facts.newBackends().size() && System.nanoTime() < deadline) {
			Thread.sleep(LOOK.toMillis());
		}
	}

	private void count(String what, Tally tally) throws InterruptedException {
		Traffic.send(this.greeter, this.pacing.getCallsPerSecond(), this.pacing.getCalls(), tally);
		report(what, tally);
	}

	private void report(String what, Tally tally) {
		this.narrator.report(what, tally, names(this.backends.all()));
	}

	private static List<String> names(List<GreeterBackend> backends) {
		return backends.stream().map(GreeterBackend::name).toList();
	}

}
