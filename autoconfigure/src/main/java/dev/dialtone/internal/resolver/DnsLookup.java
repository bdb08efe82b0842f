package dev.dialtone.internal.resolver;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

/**
 * Asks DNS for the addresses of a {@link DnsTarget}, without blocking: dnsjava sends the queries
 * and the answers are put together on the given executor. A name that does not exist or has no
 * records gives an empty answer; a server that fails or does not answer fails the lookup.
 */
final class DnsLookup {

	private final LookupSession session;

	private final Executor executor;

	private final Name origin;

	/**
	 * @param session the dnsjava session that sends queries
	 * @param executor where answers are put together
	 * @param absoluteNames whether names are absolute, rather than expanded with the session's
	 * search path
	 */
	DnsLookup(LookupSession session, Executor executor, boolean absoluteNames) {
		this.session = session;
		this.executor = executor;
		this.origin = absoluteNames ? Name.root : null;
	}

	/**
	 * @param target the name to look up
	 * @param port the port of the addresses found, unless SRV records give theirs
	 */
	CompletableFuture<RefreshingNameResolver.Answer> resolve(DnsTarget target, int port) {
		try {
			Name name = Name.fromString(target.host(), this.origin);
			return target.isSrv() ? service(name) : addresses(name, port);
		}
		catch (TextParseException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * A and AAAA records of one name. One of the two failing is tolerated when the other answers,
	 * since some servers mishandle AAAA queries.
	 */
	private CompletableFuture<RefreshingNameResolver.Answer> addresses(Name name, int port) {
		CompletableFuture<Records> v4 = records(name, Type.A);
		CompletableFuture<Records> v6 = records(name, Type.AAAA);
		return v4.thenCombineAsync(v6, (a, aaaa) -> {
			if (a.failure() != null && (aaaa.failure() != null || aaaa.list().isEmpty())) {
				throw new CompletionException(a.failure());
			}
			if (aaaa.failure() != null && a.list().isEmpty()) {
				throw new CompletionException(aaaa.failure());
			}
			List<InetSocketAddress> addresses = new ArrayList<>();
			Duration ttl = Duration.ofSeconds(Long.MAX_VALUE);
			for (Record record : concat(a.list(), aaaa.list())) {
				InetAddress address = (record instanceof ARecord v4Record) ? v4Record.getAddress()
						: (record instanceof AAAARecord v6Record) ? v6Record.getAddress() : null;
				if (address != null) {
					addresses.add(new InetSocketAddress(address, port));
					ttl = min(ttl, Duration.ofSeconds(record.getTTL()));
				}
			}
			return new RefreshingNameResolver.Answer(addresses, ttl);
		}, this.executor);
	}

	/**
	 * SRV records of one name, then the addresses of each record's host with the record's port.
	 * Priority and weight are not used: every host found gets calls, as the channel's load balancer
	 * decides. A host that cannot be resolved is left out while others can.
	 */
	private CompletableFuture<RefreshingNameResolver.Answer> service(Name name) {
		return records(name, Type.SRV).thenComposeAsync((srv) -> {
			if (srv.failure() != null) {
				throw new CompletionException(srv.failure());
			}
			List<CompletableFuture<RefreshingNameResolver.Answer>> hosts = new ArrayList<>();
			for (Record record : srv.list()) {
				if (record instanceof SRVRecord service) {
					Duration srvTtl = Duration.ofSeconds(record.getTTL());
					hosts.add(addresses(service.getTarget(), service.getPort())
						.thenApply((answer) -> new RefreshingNameResolver.Answer(answer.addresses(), min(answer.ttl(), srvTtl))));
				}
			}
			return CompletableFuture.allOf(hosts.toArray(CompletableFuture[]::new))
				.handle((ignored, failure) -> combine(hosts));
		}, this.executor);
	}

	private static RefreshingNameResolver.Answer combine(List<CompletableFuture<RefreshingNameResolver.Answer>> hosts) {
		List<InetSocketAddress> addresses = new ArrayList<>();
		Duration ttl = Duration.ofSeconds(Long.MAX_VALUE);
		Throwable failure = null;
		for (CompletableFuture<RefreshingNameResolver.Answer> host : hosts) {
			try {
				RefreshingNameResolver.Answer answer = host.join();
				addresses.addAll(answer.addresses());
				ttl = min(ttl, answer.ttl());
			}
			catch (CompletionException ex) {
				failure = ex.getCause();
			}
		}
		if (addresses.isEmpty() && failure != null) {
			throw new CompletionException(failure);
		}
		return new RefreshingNameResolver.Answer(addresses, ttl);
	}

	private CompletableFuture<Records> records(Name name, int type) {
		return this.session.lookupAsync(name, type).toCompletableFuture().handle((result, failure) -> {
			if (failure == null) {
				return new Records(result.getRecords(), null);
			}
			Throwable cause = (failure instanceof CompletionException) ? failure.getCause() : failure;
			if (cause instanceof NoSuchDomainException || cause instanceof NoSuchRRSetException) {
				return new Records(List.of(), null);
			}
			return new Records(List.of(), cause);
		});
	}

	private static List<Record> concat(List<Record> first, List<Record> second) {
		List<Record> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static Duration min(Duration a, Duration b) {
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private record Records(List<Record> list, Throwable failure) {

	}

}
