package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The refreshing resolver with lookups that misbehave: one that never answers, one that throws an
 * {@link Error}. Either is a failed lookup, counted, and the next lookup comes.
 */
class RefreshingNameResolverTests {

	private static final Duration LOOKUP_TIMEOUT = Duration.ofMillis(300);

	private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();

	private final SynchronizationContext syncContext = new SynchronizationContext(
			(thread, ex) -> this.uncaught.add(ex));

	private final ScheduledThreadPoolExecutor scheduler = DaemonThreads.scheduler("test-lookups");

	private final List<Status> failures = new CopyOnWriteArrayList<>();

	private final List<List<SocketAddress>> results = new CopyOnWriteArrayList<>();

	private final AtomicInteger lookups = new AtomicInteger();

	private RefreshingNameResolver resolver;

	@AfterEach
	void stop() {
		if (this.resolver != null) {
			this.syncContext.execute(this.resolver::shutdown);
		}
		this.scheduler.shutdownNow();
		assertThat(this.uncaught).isEmpty();
	}

	@Test
	void aLookupThatNeverAnswersTimesOutAndTheNextOneComes() {
		start(() -> (this.lookups.incrementAndGet() == 1) ? new CompletableFuture<>() : answer("127.0.0.1"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.results.isEmpty());
		assertThat(this.results.get(0)).containsExactly(new InetSocketAddress("127.0.0.1", 7000));
		assertThat(this.failures).hasSize(1);
		assertThat(this.failures.get(0).getDescription())
			.isEqualTo("Lookup of greeter.test failed: no answer within 300 ms");
	}

	@Test
	void aLookupThatThrowsAnErrorIsAFailedLookupAndTheNextOneComes() {
		start(() -> {
			if (this.lookups.incrementAndGet() == 1) {
				throw new NoClassDefFoundError("a class the lookup needs");
			}
			return answer("127.0.0.1");
		});
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.results.isEmpty());
		assertThat(this.failures).hasSize(1);
		assertThat(this.failures.get(0).getDescription())
			.isEqualTo("Lookup of greeter.test failed: error (java.lang.NoClassDefFoundError)");
	}

	@Test
	void aLookupThatFailsWithAnErrorLaterIsAFailedLookupToo() {
		start(() -> (this.lookups.incrementAndGet() == 1)
				? CompletableFuture.failedFuture(new StackOverflowError()) : answer("127.0.0.1"));
		await().atMost(Duration.ofSeconds(10)).until(() -> !this.results.isEmpty());
		assertThat(this.failures).hasSize(1);
	}

	private static CompletableFuture<RefreshingNameResolver.Answer> answer(String ip) {
		return CompletableFuture
			.completedFuture(RefreshingNameResolver.Answer.of(List.of(new InetSocketAddress(ip, 7000)), null));
	}

	private void start(Supplier<CompletableFuture<RefreshingNameResolver.Answer>> lookUp) {
		RefreshingNameResolver.Lookup lookup = new RefreshingNameResolver.Lookup() {

			@Override
			public CompletableFuture<RefreshingNameResolver.Answer> lookUp() {
				return lookUp.get();
			}

			@Override
			public String describe() {
				return "Lookup of greeter.test";
			}

		};
		ResolutionObserver observer = new ResolutionObserver() {

			@Override
			public void lookupFailed(Status status) {
				RefreshingNameResolverTests.this.failures.add(status);
			}

			@Override
			public void lookupSucceeded() {
			}

		};
		NameResolver.Args args = NameResolver.Args.newBuilder()
			.setDefaultPort(443)
			.setProxyDetector((address) -> null)
			.setSynchronizationContext(this.syncContext)
			.setServiceConfigParser(new NameResolver.ServiceConfigParser() {
				@Override
				public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> rawServiceConfig) {
					return NameResolver.ConfigOrError.fromConfig(rawServiceConfig);
				}
			})
			.setArg(ResolutionObserver.ARG, observer)
			.build();
		RefreshSchedule schedule = new RefreshSchedule(Duration.ofHours(1), Duration.ofMillis(50), () -> 0.5,
				LOOKUP_TIMEOUT);
		this.resolver = new RefreshingNameResolver("greeter.test:7000", lookup, this.scheduler, args, schedule,
				(resolver) -> {
				});
		this.syncContext.execute(() -> this.resolver.start(new NameResolver.Listener2() {

			@Override
			public void onResult(NameResolver.ResolutionResult result) {
				onResult2(result);
			}

			@Override
			public Status onResult2(NameResolver.ResolutionResult result) {
				if (result.getAddressesOrError().hasValue()) {
					RefreshingNameResolverTests.this.results.add(result.getAddressesOrError()
						.getValue()
						.stream()
						.flatMap((group) -> group.getAddresses().stream())
						.toList());
				}
				return Status.OK;
			}

			@Override
			public void onError(Status error) {
			}

		}));
	}

}
