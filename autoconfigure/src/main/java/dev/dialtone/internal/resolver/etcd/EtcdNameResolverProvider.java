package dev.dialtone.internal.resolver.etcd;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;

import io.grpc.NameResolver;

import dev.dialtone.internal.resolver.InetNameResolverProvider;
import dev.dialtone.internal.resolver.RefreshSchedule;
import dev.dialtone.internal.resolver.RefreshingNameResolver;

/**
 * The {@code etcd} resolver of one Dialtone channel: its lookups answer with what the target's
 * shared {@link EtcdTargetWatch} holds, and the watch pushes each change to it. Registered only in
 * that channel's resolver registry.
 */
final class EtcdNameResolverProvider extends InetNameResolverProvider {

	private final String service;

	private final EtcdTargetWatch target;

	private final ScheduledExecutorService thread;

	private final Duration refreshInterval;

	private final Duration minInterval;

	EtcdNameResolverProvider(String service, EtcdTargetWatch target, ScheduledExecutorService thread,
			Duration refreshInterval, Duration minInterval) {
		super(EtcdScheme.SCHEME, 5);
		this.service = service;
		this.target = target;
		this.thread = thread;
		this.refreshInterval = refreshInterval;
		this.minInterval = minInterval;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!getDefaultScheme().equals(targetUri.getScheme())) {
			return null;
		}
		RefreshingNameResolver resolver = new RefreshingNameResolver(this.service, lookup(), this.thread, args,
				new RefreshSchedule(this.refreshInterval, this.minInterval), this.target::stopListening);
		this.target.listen(resolver);
		return resolver;
	}

	private RefreshingNameResolver.Lookup lookup() {
		return new RefreshingNameResolver.Lookup() {

			@Override
			public CompletableFuture<RefreshingNameResolver.Answer> lookUp() {
				return EtcdNameResolverProvider.this.target.answer(EtcdNameResolverProvider.this.refreshInterval);
			}

			@Override
			public String describe() {
				return "etcd lookup of the keys under " + EtcdNameResolverProvider.this.target.prefix();
			}

		};
	}

	@Override
	public String toString() {
		return "EtcdNameResolverProvider[prefix=" + this.target.prefix() + ", refreshInterval="
				+ this.refreshInterval + ", minInterval=" + this.minInterval + "]";
	}

}
