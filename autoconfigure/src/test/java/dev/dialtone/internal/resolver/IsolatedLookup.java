package dev.dialtone.internal.resolver;

import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.grpc.NameResolver;
import io.grpc.Status;
import io.grpc.SynchronizationContext;

/**
 * One DNS lookup through Dialtone's resolver, then everything closed, as an application does that
 * a container stops; loaded by {@link DnsThreadsTests} in a class loader of its own, as a web
 * application's is. Only JDK types cross that class loader's border.
 */
public final class IsolatedLookup {

	private IsolatedLookup() {
	}

	/**
	 * @param dnsPort the port of a DNS server on 127.0.0.1 that knows {@code greeter.test}
	 * @return the addresses found, as {@code host:port}
	 */
	public static List<String> lookUpAndClose(int dnsPort) throws Exception {
		CompletableFuture<List<String>> found = new CompletableFuture<>();
		SynchronizationContext syncContext = new SynchronizationContext(
				(thread, ex) -> found.completeExceptionally(ex));
		NameResolver.Args args = NameResolver.Args.newBuilder()
			.setDefaultPort(443)
			.setProxyDetector((address) -> null)
			.setSynchronizationContext(syncContext)
			.setServiceConfigParser(new NameResolver.ServiceConfigParser() {
				@Override
				public NameResolver.ConfigOrError parseServiceConfig(Map<String, ?> rawServiceConfig) {
					return NameResolver.ConfigOrError.fromConfig(rawServiceConfig);
				}
			})
			.build();
		try (DnsResolution resolution = new DnsResolution(List.of(new InetSocketAddress("127.0.0.1", dnsPort)),
				Duration.ofMillis(100))) {
			String target = "dns:///greeter.test:7000";
			NameResolver resolver = resolution.provider(DnsTarget.parse(target), Duration.ofMillis(200))
				.newNameResolver(URI.create(target), args);
			syncContext.execute(() -> resolver.start(new NameResolver.Listener2() {

				@Override
				public void onResult(NameResolver.ResolutionResult result) {
					onResult2(result);
				}

				@Override
				public Status onResult2(NameResolver.ResolutionResult result) {
					found.complete(result.getAddressesOrError()
						.getValue()
						.stream()
						.flatMap((group) -> group.getAddresses().stream())
						.map((address) -> ((InetSocketAddress) address).getAddress().getHostAddress() + ":"
								+ ((InetSocketAddress) address).getPort())
						.toList());
					return Status.OK;
				}

				@Override
				public void onError(Status error) {
					found.completeExceptionally(error.asException());
				}

			}));
			try {
				return found.get(10, TimeUnit.SECONDS);
			}
			finally {
				syncContext.execute(resolver::shutdown);
			}
		}
	}

}
