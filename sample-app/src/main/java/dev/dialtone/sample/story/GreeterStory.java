package dev.dialtone.sample.story;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.grpc.ManagedChannel;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.ExitCodeGenerator;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.event.EventListener;
import org.springframework.core.env.Environment;
import org.springframework.stereotype.Component;

import dev.dialtone.GrpcChannelActivity;
import dev.dialtone.GrpcChannelActivity.Health;
import dev.dialtone.GrpcChannels;
import dev.dialtone.GrpcClient;
import dev.dialtone.sample.SampleProperties;
import dev.dialtone.sample.backend.EmbeddedBackends;
import dev.dialtone.sample.backend.EmbeddedBackendsInitializer;
import dev.dialtone.sample.backend.EmbeddedDnsBackends;
import dev.dialtone.sample.backend.EmbeddedEtcdBackends;
import dev.dialtone.sample.backend.GreeterBackend;
import dev.dialtone.sample.proto.GreeterGrpc.GreeterBlockingStub;

/**
 * The sample's story, told once the application is ready: calls spread over the backends,
 * avoid one that is not serving, survive one that crashes, the application's Actuator shows the
 * channel, backends added behind a DNS name get calls, and backends registered in etcd come and go
 * with their leases. The exit code says whether the story
 * held.
 */
@Component
public class GreeterStory implements ExitCodeGenerator {

	static final String CHANNEL = "greeter";

	static final String NOT_SERVING = "b";

	static final String KILLED = "c";

	private static final List<String> CHANNEL_SETTINGS = List.of("target", "lb-policy", "health-check.service-name",
			"retry.enabled", "retry.max-attempts", "deadline", "immediate-connect-timeout");

	private final GreeterBlockingStub greeter;

	private final ManagedChannel channel;

	private final EmbeddedBackends backends;

	private final EmbeddedDnsBackends dnsBackends;

	private final EmbeddedEtcdBackends etcdBackends;

	private final GrpcChannels channels;

	private final SampleProperties.Story pacing;

	private final JsonMapper json;

	private final Environment environment;

	private final Narrator narrator = new Narrator(System.out);

	private final StoryFacts facts = new StoryFacts();

	private volatile boolean told;

	GreeterStory(@GrpcClient(CHANNEL) GreeterBlockingStub greeter, GrpcChannels channels,
			ObjectProvider<EmbeddedBackends> backends, ObjectProvider<EmbeddedDnsBackends> dnsBackends,
			ObjectProvider<EmbeddedEtcdBackends> etcdBackends, SampleProperties properties, JsonMapper json, Environment environment) {
		this.greeter = greeter;
		this.channel = channels.channel(CHANNEL);
		this.channels = channels;
		this.backends = backends.getIfAvailable();
		this.dnsBackends = dnsBackends.getIfAvailable();
		this.etcdBackends = etcdBackends.getIfAvailable();
		this.pacing = properties.getStory();
		this.json = json;
		this.environment = environment;
	}

	/**
	 * What the calls did, act by act; complete once the application has started.
	 */
	public StoryFacts facts() {
		return this.facts;
	}

	/**
	 * Tells the story once the application accepts traffic, so that its own Actuator, read in act
	 * 4, shows a running application rather than one still starting.
	 */
	@EventListener
	void tell(AvailabilityChangeEvent<ReadinessState> event) throws Exception {
		if (event.getState() != ReadinessState.ACCEPTING_TRAFFIC || this.told) {
			return;
		}
		prologue();
		actOne();
		if (this.backends != null) {
			pause();
			actTwo();
			pause();
			actThree();
		}
		else {
			this.narrator.say("Acts 2 and 3 need backends the sample controls: skipped for an external target.");
		}
		pause();
		new OperatorAct(this.narrator,
				new Actuator(this.json, this.environment.getRequiredProperty("local.server.port", Integer.class)),
				CHANNEL, this.channel)
			.tell(4);
		pause();
		if (this.dnsBackends != null) {
			String dnsChannel = EmbeddedBackendsInitializer.DNS_CHANNEL;
			new ScaleUpAct(this.narrator, dnsChannel, this.channels, this.dnsBackends,
					refreshInterval(dnsChannel), this.pacing)
				.tell(5, this.facts.scaleUp());
		}
		else {
			this.narrator.say("Act 5 needs a DNS name the sample controls: skipped for an external target.");
		}
		pause();
		if (this.etcdBackends != null) {
			new LeaseAct(this.narrator, EmbeddedBackendsInitializer.ETCD_CHANNEL, this.channels, this.etcdBackends,
					this.pacing)
				.tell(6, EmbeddedBackendsInitializer.FIRST_LEASE, this.facts.leases());
		}
		else {
			this.narrator.say("Act 6 needs an etcd binary (apt-get install etcd-server, or --sample.etcd-binary=<path>)"
					+ " and the sample's own backends: skipped.");
		}
		this.told = true;
		epilogue();
	}

	@Override
	public int getExitCode() {
		boolean held = this.told && this.facts.failedCalls() == 0
				&& this.facts.whileNotServing().servedBy(NOT_SERVING) == 0
				&& (this.dnsBackends == null || this.facts.scaleUp().everyNewBackendReachedInTime())
				&& (this.etcdBackends == null || this.facts.leases().held());
		return held ? 0 : 1;
	}

	private void prologue() throws InterruptedException {
		this.narrator.title("Dialtone sample: one gRPC channel, \"" + CHANNEL + "\", in front of several backends");
		if (this.backends != null) {
			this.backends.all()
				.forEach((backend) -> this.narrator.say("backend " + backend.name() + " listens on "
						+ backend.address() + " (through a relay that can crash it)"));
		}
		for (String setting : CHANNEL_SETTINGS) {
			String key = "grpc.client.channels." + CHANNEL + "." + setting;
			String value = this.environment.getProperty(key);
			if (value != null) {
				this.narrator.say(key + " = " + value);
			}
		}
		// immediate-connect-timeout made the channel connect while the application started.
		this.narrator.say("channel " + CHANNEL + " is " + this.channel.getState(false));
		if (this.backends != null) {
			// READY means one backend is; act 1 starts once every one has passed its first health check.
			int all = this.backends.all().size();
			boolean ready = awaitChannel(() -> this.channels.activity(CHANNEL).readyBackends() == all);
			this.narrator.say(this.channels.activity(CHANNEL).readyBackends() + " of " + all
					+ " backends take calls" + (ready ? "" : " (after waiting " + Narrator.seconds(this.pacing.getSettle()) + ")"));
		}
	}

	private void actOne() throws InterruptedException {
		this.narrator.act(1, "calls spread over the "
				+ ((this.backends != null) ? this.backends.all().size() + " " : "") + "backends");
		count("calls", this.facts.spread());
	}

	private void actTwo() throws InterruptedException {
		this.narrator.act(2, "backend " + NOT_SERVING + " turns NOT_SERVING");
		GreeterBackend sick = this.backends.get(NOT_SERVING);
		sick.setServing(false);
		this.narrator.say(NOT_SERVING + "'s health service now answers NOT_SERVING; the channel watches it and stops "
				+ "sending it calls");
		awaitVerdict(sick, Health.NOT_SERVING);
		count("next calls", this.facts.whileNotServing());
		sick.setServing(true);
		this.narrator.say(NOT_SERVING + " serves again");
		awaitVerdict(sick, Health.SERVING);
		count("next calls", this.facts.servingAgain());
	}

	/**
	 * Waits until the channel has seen the backend's new health, and says how long that took and
	 * how the grpcchannels endpoint shows the backend.
	 */
	private void awaitVerdict(GreeterBackend backend, Health expected) throws InterruptedException {
		long start = System.nanoTime();
		boolean seen = awaitChannel(() -> health(backend) == expected);
		long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
		GrpcChannelActivity.Backend seenAs = this.channels.activity(CHANNEL).backends().get(backend.address());
		String shown = (seenAs != null) ? "state " + seenAs.state() + ", health " + seenAs.health() : "not listed";
		this.narrator.say((seen ? "the channel saw it within " + millis + " ms"
				: "the channel had not seen it after " + millis + " ms") + "; grpcchannels lists " + backend.name()
				+ " with " + shown);
	}

	private Health health(GreeterBackend backend) {
		GrpcChannelActivity.Backend seen = this.channels.activity(CHANNEL).backends().get(backend.address());
		return (seen != null) ? seen.health() : null;
	}

	/**
	 * Waits, at most {@code sample.story.settle}, for the channel's own view to meet the condition.
	 */
	private boolean awaitChannel(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + this.pacing.getSettle().toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() >= deadline) {
				return false;
			}
			// The channel offers no callback for its backends' health: look again shortly.
			Thread.sleep(5);
		}
		return true;
	}

	private void actThree() throws InterruptedException {
		this.narrator.act(3, "backend " + KILLED + " is killed mid-traffic");
		this.narrator.say(this.pacing.getCallsPerSecond() + " calls/s for " + Narrator.seconds(this.pacing.getTraffic()) + "; "
				+ KILLED + " is killed after " + Narrator.seconds(this.pacing.getKillAfter())
				+ ": its connections are reset, as in a crash");
		Tally beforeKill = this.facts.beforeKill();
		Tally afterKill = this.facts.afterKill();
		GreeterBackend victim = this.backends.get(KILLED);
		try (Traffic traffic = Traffic.start(this.greeter, this.pacing.getCallsPerSecond(), beforeKill)) {
			pause(this.pacing.getKillAfter());
			int lost = victim.inFlight();
			victim.kill();
			traffic.countInto(afterKill);
			this.narrator.say(KILLED + " killed with " + lost + " call(s) in flight on it");
			pause(this.pacing.getTraffic().minus(this.pacing.getKillAfter()));
		}
		report("started before the kill", beforeKill);
		report("started after the kill", afterKill);
		this.narrator.say("failed calls: " + (beforeKill.failed() + afterKill.failed())
				+ " (retry sent the lost calls to the backends still alive)");
	}

	private void epilogue() {
		if (getExitCode() == 0) {
			this.narrator.title("The story held: " + this.facts.calls() + " calls, none failed.");
			return;
		}
		this.narrator.title("The story did not hold:");
		if (this.facts.failedCalls() > 0) {
			this.narrator.say(this.facts.failedCalls() + " of " + this.facts.calls() + " calls failed");
		}
		int sickCalls = this.facts.whileNotServing().servedBy(NOT_SERVING);
		if (sickCalls > 0) {
			this.narrator.say(NOT_SERVING + " got " + sickCalls + " calls while not serving");
		}
		if (this.dnsBackends != null && !this.facts.scaleUp().everyNewBackendReachedInTime()) {
			this.narrator.say("not every new DNS backend got a call within " + Narrator.seconds(this.facts.scaleUp().bound())
					+ " of the change: " + this.facts.scaleUp().firstCalls());
		}
		Leases leases = this.facts.leases();
		if (this.etcdBackends != null && !leases.held()) {
			this.narrator.say("act 6 did not hold: " + leases.backend() + "'s first call "
					+ leases.firstCall().map(Narrator::seconds).orElse("never came") + " after its registration (at most 1s), its last "
					+ leases.lastCall().map(Narrator::seconds).orElse("none") + " after its keep-alive stopped (at most "
					+ Narrator.seconds(leases.ttl().plusSeconds(1)) + "), " + leases.expired().servedBy(leases.backend())
					+ " calls once the channel had dropped it");
		}
	}

	private void count(String what, Tally tally) throws InterruptedException {
		Traffic.send(this.greeter, this.pacing.getCallsPerSecond(), this.pacing.getCalls(), tally);
		report(what, tally);
	}

	private void report(String what, Tally tally) {
		this.narrator.report(what, tally, expectedBackends());
	}

	private List<String> expectedBackends() {
		return (this.backends != null) ? this.backends.all().stream().map(GreeterBackend::name).toList() : List.of();
	}

	/**
	 * How often the channel resolves its DNS name again: its own setting, else every channel's,
	 * else Dialtone's default.
	 */
	private Duration refreshInterval(String channel) {
		Binder binder = Binder.get(this.environment);
		return binder.bind("grpc.client.channels." + channel + ".resolution.refresh-interval", Duration.class)
			.orElseGet(() -> binder.bind("grpc.client.resolution.refresh-interval", Duration.class)
				.orElse(Duration.ofSeconds(30)));
	}

	private void pause() throws InterruptedException {
		pause(this.pacing.getPause());
	}

	private static void pause(Duration duration) throws InterruptedException {
		// Pacing of the story, so that it reads at a human speed.
		Thread.sleep(duration.toMillis());
	}

}
