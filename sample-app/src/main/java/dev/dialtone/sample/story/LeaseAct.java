package dev.dialtone.sample.story;

import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

import dev.dialtone.GrpcChannels;
import dev.dialtone.sample.SampleProperties;
import dev.dialtone.sample.backend.EmbeddedEtcdBackends;
import dev.dialtone.sample.backend.EmbeddedEtcdBackends.Registration;
import dev.dialtone.sample.backend.GreeterBackend;
import dev.dialtone.sample.proto.GreeterGrpc;
import dev.dialtone.sample.proto.GreeterGrpc.GreeterBlockingStub;

/**
 * Act 6: backends found through etcd, registered the way Go services register: a key per backend
 * under a lease the backend keeps alive. A backend that registers gets calls at once, through the
 * channel's watch; one that stops keeping its lease alive, as a crashed one does, drops out once
 * etcd expires the lease, while calls flow and succeed.
 */
final class LeaseAct {

	// Short, so that the act need not wait long; etcd expires a lease this close to its TTL.
	private static final Duration TTL = Duration.ofSeconds(2);

	// How often the act looks whether the channel saw a change yet: well below the times it measures.
	private static final Duration LOOK = Duration.ofMillis(10);

	private final Narrator narrator;

	private final String channelName;

	private final GrpcChannels channels;

	private final GreeterBlockingStub greeter;

	private final EmbeddedEtcdBackends backends;

	private final SampleProperties.Story pacing;

	LeaseAct(Narrator narrator, String channelName, GrpcChannels channels, EmbeddedEtcdBackends backends,
			SampleProperties.Story pacing) {
		this.narrator = narrator;
		this.channelName = channelName;
		this.channels = channels;
		this.greeter = GreeterGrpc.newBlockingStub(channels.channel(channelName));
		this.backends = backends;
		this.pacing = pacing;
	}

	void tell(int number, Duration firstLease, Leases facts) throws InterruptedException {
		this.narrator.act(number, "backends come and go through etcd leases");
		GreeterBackend first = this.backends.all().get(0);
		GreeterBackend second = this.backends.all().get(1);
		this.narrator.say("channel " + this.channelName + ": target " + this.backends.target()
				+ ", grpc.client.etcd.endpoints = " + this.backends.endpoint() + ", an etcd the sample started");
		this.narrator.say(first.name() + " (" + first.address() + ") registered before the application started: key "
				+ EmbeddedEtcdBackends.SERVICE + "/" + first.address() + " under a lease of " + Narrator.seconds(firstLease)
				+ ", kept alive; channel " + this.channelName + " is "
				+ this.channels.awaitReady(this.channelName, Duration.ofSeconds(10)));
		count("calls", facts.firstOnly());

		long registeredAt = System.nanoTime();
		Registration registration = this.backends.register(second, TTL);
		facts.registered(second.name(), TTL, registeredAt);
		this.narrator.say(second.name() + " (" + second.address() + ") registers: its key under a lease of "
				+ Narrator.seconds(TTL) + ". Calls go on at " + this.pacing.getCallsPerSecond() + "/s");
		try (Traffic traffic = Traffic.start(this.greeter, this.pacing.getCallsPerSecond(), facts.registering())) {
			await(() -> facts.firstCall().isPresent(), this.pacing.getSettle());
		}
		this.narrator.say(facts.firstCall()
			.map((took) -> second.name() + " got its first call " + took.toMillis() + " ms after its key was put")
			.orElse(second.name() + " got no call within " + Narrator.seconds(this.pacing.getSettle())));
		report("calls while " + second.name() + " registered", facts.registering());

		this.narrator.say(second.name() + " stops keeping its lease alive, as a crashed server would; it still "
				+ "answers, so only etcd can tell the channel to stop calling it");
		try (Traffic traffic = Traffic.start(this.greeter, this.pacing.getCallsPerSecond(), facts.expiring())) {
			facts.keepAliveStopped(System.nanoTime());
			registration.stopKeepAlive();
			await(() -> !this.channels.activity(this.channelName).backends().containsKey(second.address()),
					TTL.plus(this.pacing.getSettle()));
		}
		this.narrator.say("etcd " + (this.backends.holds(registration) ? "still holds" : "has deleted") + " the key; "
				+ facts.lastCall()
					.map((took) -> second.name() + " answered its last call " + took.toMillis()
							+ " ms after its keep-alive stopped (lease " + Narrator.seconds(TTL) + ")")
					.orElse(second.name() + " answered no call after its keep-alive stopped"));
		report("calls while the lease ran out", facts.expiring());
		count("next calls", facts.expired());
		facts.told();
	}

	/**
	 * Waits, at most {@code atMost}, for the condition.
	 */
	private static boolean await(BooleanSupplier condition, Duration atMost) throws InterruptedException {
		long deadline = System.nanoTime() + atMost.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() >= deadline) {
				return false;
			}
			Thread.sleep(LOOK.toMillis());
		}
		return true;
	}

	private void count(String what, Tally tally) throws InterruptedException {
		Traffic.send(this.greeter, this.pacing.getCallsPerSecond(), this.pacing.getCalls(), tally);
		report(what, tally);
	}

	private void report(String what, Tally tally) {
		this.narrator.report(what, tally, this.backends.all().stream().map(GreeterBackend::name).toList());
	}

}
