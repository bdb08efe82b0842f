package dev.dialtone.internal.resolver;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;
import java.util.function.Supplier;

import io.grpc.Attributes;
import io.grpc.EquivalentAddressGroup;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.NameTooLongException;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SRVRecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;
import org.xbill.DNS.lookup.LookupSession;
import org.xbill.DNS.lookup.NoSuchDomainException;
import org.xbill.DNS.lookup.NoSuchRRSetException;

import dev.dialtone.internal.resolver.RefreshingNameResolver.Answer;
import dev.dialtone.internal.resolver.RefreshingNameResolver.Missing;

/**
 * Finds the addresses of a {@link DnsTarget} without blocking a thread: the hosts file first, then
 * DNS, whose queries dnsjava sends, with the answers put together on the given executor; for a
 * name neither knows, the system's other sources when the caller gives a way to ask them.
 * <p>
 * A name that does not exist or has no records gives an empty answer; a server that fails or does
 * not answer fails the lookup. When only part of a lookup fails (the A query while AAAA answered,
 * one SRV target's host), the answer says which part is {@link Missing}, so that the resolver keeps
 * what that part could have confirmed.
 */
final class DnsLookup {

	/**
	 * The most hosts of one SRV answer looked up with queries of their own (A and AAAA each): one
	 * lookup sends a bounded number of queries however long the answer. Hosts whose addresses the
	 * answer carries (its additional section) or the hosts file lists need no query.
	 */
	static final int MAX_QUERIED_SRV_HOSTS = 16;

	private static final Log logger = LogFactory.getLog(DnsLookup.class);

	private final LookupSession session;

	private final Resolver resolver;

	private final Executor executor;

	private final HostsFile hostsFile;

	private final Name origin;

	private final List<Name> searchPath;

	private final int ndots;

	/**
	 * @param session the dnsjava session that sends A and AAAA queries, with the search path
	 * @param resolver the resolver SRV queries are sent to, whose answers carry hosts' addresses
	 * @param executor where answers are put together
	 * @param hostsFile the hosts file, which answers before DNS
	 * @param absoluteNames whether names are absolute, rather than expanded with the search path
	 * @param searchPath the search path of names that are not absolute
	 * @param ndots how many dots make a name be asked as it is before the search path
	 */
	DnsLookup(LookupSession session, Resolver resolver, Executor executor, HostsFile hostsFile, boolean absoluteNames,
			List<Name> searchPath, int ndots) {
		this.session = session;
		this.resolver = resolver;
		this.executor = executor;
		this.hostsFile = hostsFile;
		this.origin = absoluteNames ? Name.root : null;
		this.searchPath = absoluteNames ? List.of() : List.copyOf(searchPath);
		this.ndots = ndots;
	}

	/**
	 * @param target the name to look up
	 * @param port the port of the addresses found, unless SRV records give theirs
	 * @param system asks the system's other name sources, for a name that neither the hosts file
	 * nor DNS knows; null not to ask them
	 */
	CompletableFuture<Answer> resolve(DnsTarget target, int port, Supplier<CompletableFuture<List<InetAddress>>> system) {
		try {
			Name name = Name.fromString(target.host(), this.origin);
			if (target.isSrv()) {
				return service(name);
			}
			List<InetAddress> listed = this.hostsFile.addresses(target.host());
			if (!listed.isEmpty()) {
				// The hosts file wins, as in the system's resolver; it has no TTL.
				return CompletableFuture.completedFuture(new Answer(groups(listed, port, null), null, null));
			}
			CompletableFuture<Answer> dns = addresses(name, port, null);
			if (system == null) {
				return dns;
			}
			return dns.thenCompose((answer) -> (!answer.groups().isEmpty() || answer.missing() != null)
					? CompletableFuture.completedFuture(answer)
					: system.get().thenApply((found) -> new Answer(groups(found, port, null), null, null)));
		}
		catch (TextParseException ex) {
			return CompletableFuture.failedFuture(ex);
		}
	}

	/**
	 * A and AAAA records of one name. When one of the two fails while the other finds addresses
	 * (some servers mishandle AAAA queries), the answer is partial: the failed family is missing.
	 * @param authority the authority calls to these addresses carry, or null for the channel's
	 */
	private CompletableFuture<Answer> addresses(Name name, int port, String authority) {
		return hostAddresses(name).thenApply((host) -> host.answer(port, authority));
	}

	private CompletableFuture<HostAddresses> hostAddresses(Name name) {
		CompletableFuture<Records> v4 = records(name, Type.A);
		CompletableFuture<Records> v6 = records(name, Type.AAAA);
		return v4.thenCombineAsync(v6, (a, aaaa) -> {
			List<InetAddress> addresses = new ArrayList<>();
			Duration ttl = null;
			for (Record record : concat(a.list(), aaaa.list())) {
				InetAddress address = address(record);
				if (address != null) {
					addresses.add(address);
					ttl = min(ttl, Duration.ofSeconds(record.getTTL()));
				}
			}
			Throwable failure = (a.failure() != null) ? a.failure() : aaaa.failure();
			if (failure != null && (addresses.isEmpty() || (a.failure() != null && aaaa.failure() != null))) {
				throw new CompletionException(failure);
			}
			Class<? extends InetAddress> missing = (a.failure() != null) ? Inet4Address.class
					: (aaaa.failure() != null) ? Inet6Address.class : null;
			return new HostAddresses(addresses, ttl, failure, missing);
		}, this.executor);
	}

	/**
	 * SRV records of one name, then the addresses of each record's host with the record's port.
	 * Priority and weight are not used: every host found gets calls, as the channel's load balancer
	 * decides. Calls to a host carry its name as their authority, so that TLS checks the host's
	 * certificate. A host whose lookup fails makes the answer partial.
	 */
	private CompletableFuture<Answer> service(Name name) {
		return srv(candidates(name), 0).thenComposeAsync((response) -> {
			if (response == null) {
				return CompletableFuture.completedFuture(new Answer(List.of(), null, null));
			}
			Map<Name, List<Record>> carried = new LinkedHashMap<>();
			for (Record record : response.getSection(Section.ADDITIONAL)) {
				if (address(record) != null) {
					carried.computeIfAbsent(record.getName(), (host) -> new ArrayList<>()).add(record);
				}
			}
			List<SRVRecord> records = response.getSection(Section.ANSWER)
				.stream()
				.filter(SRVRecord.class::isInstance)
				.map(SRVRecord.class::cast)
				.toList();
			// Hosts without addresses yet; beyond the bound, a random choice of them is queried, so
			// that each is reached over a few lookups while the others keep what they had.
			List<Name> unknown = new ArrayList<>(records.stream()
				.map(SRVRecord::getTarget)
				.distinct()
				.filter((host) -> !carried.containsKey(host) && this.hostsFile.addresses(host.toString(true)).isEmpty())
				.toList());
			Collections.shuffle(unknown, ThreadLocalRandom.current());
			Set<Name> queried = Set.copyOf(unknown.subList(0, Math.min(unknown.size(), MAX_QUERIED_SRV_HOSTS)));
			Map<Name, CompletableFuture<HostAddresses>> hosts = new LinkedHashMap<>();
			List<Target> targets = new ArrayList<>();
			Set<String> skipped = new LinkedHashSet<>();
			for (SRVRecord service : records) {
				Name host = service.getTarget();
				Target target = new Target(host.toString(true), service.getPort(), Duration.ofSeconds(service.getTTL()));
				if (!hosts.containsKey(host)) {
					List<InetAddress> listed = this.hostsFile.addresses(target.authority());
					if (!listed.isEmpty()) {
						hosts.put(host, CompletableFuture.completedFuture(new HostAddresses(listed, null, null, null)));
					}
					else if (carried.containsKey(host)) {
						hosts.put(host, CompletableFuture.completedFuture(HostAddresses.of(carried.get(host))));
					}
					else if (queried.contains(host)) {
						hosts.put(host, hostAddresses(host));
					}
					else {
						skipped.add(target.authority());
						continue;
					}
				}
				targets.add(target);
			}
			if (!skipped.isEmpty()) {
				logger.warn("SRV records of " + name + " name " + unknown.size() + " hosts without addresses; looked up "
						+ queried.size() + " of them, the addresses of " + skipped.size() + " others stay as they were");
			}
			return CompletableFuture.allOf(hosts.values().toArray(CompletableFuture[]::new))
				.handle((ignored, failure) -> combine(targets, hosts, skipped));
		}, this.executor);
	}

	private static Answer combine(List<Target> targets, Map<Name, CompletableFuture<HostAddresses>> hosts,
			Set<String> skipped) {
		List<EquivalentAddressGroup> groups = new ArrayList<>();
		Duration ttl = null;
		Throwable failure = skipped.isEmpty() ? null : new TooManySrvHostsException();
		Predicate<EquivalentAddressGroup> missing = (group) -> skipped.contains(authority(group));
		for (Target target : targets) {
			HostAddresses host;
			try {
				host = hosts.get(nameOf(target)).join();
			}
			catch (CompletionException ex) {
				failure = (failure != null) ? failure : ex.getCause();
				missing = missing.or((group) -> target.authority().equals(authority(group)));
				continue;
			}
			Answer answer = host.answer(target.port(), target.authority());
			groups.addAll(answer.groups());
			ttl = min(min(ttl, answer.ttl()), target.ttl());
			if (answer.missing() != null) {
				failure = (failure != null) ? failure : answer.missing().failure();
				missing = missing.or(answer.missing().couldHold());
			}
		}
		if (groups.isEmpty() && failure != null) {
			throw new CompletionException(failure);
		}
		return new Answer(groups, ttl, (failure != null) ? new Missing(failure, missing) : null);
	}

	private static Name nameOf(Target target) {
		try {
			return Name.fromString(target.authority(), Name.root);
		}
		catch (TextParseException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The names an SRV query asks, in turn, until one has records: the name itself, and with the
	 * search path the name under each of its domains, as the system's resolver orders them.
	 */
	private List<Name> candidates(Name name) {
		if (name.isAbsolute()) {
			return List.of(name);
		}
		List<Name> searched = new ArrayList<>();
		for (Name domain : this.searchPath) {
			try {
				searched.add(Name.concatenate(name, domain));
			}
			catch (NameTooLongException ex) {
				// Too long under this domain: not a name to ask.
			}
		}
		Name absolute;
		try {
			absolute = Name.concatenate(name, Name.root);
		}
		catch (NameTooLongException ex) {
			return searched;
		}
		List<Name> candidates = new ArrayList<>();
		if (name.labels() - 1 >= this.ndots) {
			candidates.add(absolute);
			candidates.addAll(searched);
		}
		else {
			candidates.addAll(searched);
			candidates.add(absolute);
		}
		return candidates;
	}

	/**
	 * The first answer with SRV records among the candidates from the given one on, or null when
	 * none has any. Sent to the resolver directly, not through the lookup session, whose result
	 * leaves out the additional section.
	 */
	private CompletableFuture<Message> srv(List<Name> candidates, int index) {
		if (index >= candidates.size()) {
			return CompletableFuture.completedFuture(null);
		}
		Message query = Message.newQuery(Record.newRecord(candidates.get(index), Type.SRV, DClass.IN));
		DnsResolution.DnsjavaSelector.used();
		return this.resolver.sendAsync(query, this.executor).toCompletableFuture().thenCompose((response) -> {
			int rcode = response.getRcode();
			boolean found = response.getSection(Section.ANSWER).stream().anyMatch(SRVRecord.class::isInstance);
			if (rcode == Rcode.NXDOMAIN || (rcode == Rcode.NOERROR && !found)) {
				return srv(candidates, index + 1);
			}
			if (rcode != Rcode.NOERROR) {
				throw new CompletionException(new ErrorResponseException());
			}
			return CompletableFuture.completedFuture(response);
		});
	}

	private CompletableFuture<Records> records(Name name, int type) {
		DnsResolution.DnsjavaSelector.used();
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

	private static InetAddress address(Record record) {
		return (record instanceof ARecord v4) ? v4.getAddress()
				: (record instanceof AAAARecord v6) ? v6.getAddress() : null;
	}

	private static List<EquivalentAddressGroup> groups(List<InetAddress> addresses, int port, String authority) {
		Attributes attributes = (authority != null)
				? Attributes.newBuilder().set(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE, authority).build()
				: Attributes.EMPTY;
		return addresses.stream()
			.map((address) -> new EquivalentAddressGroup(new InetSocketAddress(address, port), attributes))
			.toList();
	}

	private static String authority(EquivalentAddressGroup group) {
		return group.getAttributes().get(EquivalentAddressGroup.ATTR_AUTHORITY_OVERRIDE);
	}

	private static List<Record> concat(List<Record> first, List<Record> second) {
		List<Record> all = new ArrayList<>(first);
		all.addAll(second);
		return all;
	}

	private static Duration min(Duration a, Duration b) {
		if (a == null || b == null) {
			return (a != null) ? a : b;
		}
		return (a.compareTo(b) <= 0) ? a : b;
	}

	private record Records(List<Record> list, Throwable failure) {

	}

	/**
	 * @param authority the SRV record's host, without the trailing dot
	 */
	private record Target(String authority, int port, Duration ttl) {

	}

	/**
	 * The addresses of one host name.
	 * @param ttl the shortest TTL of the records, null when they have none (the hosts file)
	 * @param failure why one family's query failed, or null
	 * @param missingFamily the family whose query failed, or null
	 */
	private record HostAddresses(List<InetAddress> addresses, Duration ttl, Throwable failure,
			Class<? extends InetAddress> missingFamily) {

		static HostAddresses of(List<Record> records) {
			List<InetAddress> addresses = new ArrayList<>();
			Duration ttl = null;
			for (Record record : records) {
				addresses.add(address(record));
				ttl = min(ttl, Duration.ofSeconds(record.getTTL()));
			}
			return new HostAddresses(addresses, ttl, null, null);
		}

		Answer answer(int port, String authority) {
			Missing missing = null;
			if (this.missingFamily != null) {
				Class<? extends InetAddress> family = this.missingFamily;
				missing = new Missing(this.failure, (group) -> Objects.equals(authority, authority(group))
						&& group.getAddresses().stream().anyMatch((address) -> isOf(address, family)));
			}
			return new Answer(groups(this.addresses, port, authority), this.ttl, missing);
		}

		private static boolean isOf(SocketAddress address, Class<? extends InetAddress> family) {
			return address instanceof InetSocketAddress inet && family.isInstance(inet.getAddress());
		}

	}

	/**
	 * An SRV answer named more hosts without addresses than one lookup queries.
	 */
	static final class TooManySrvHostsException extends IOException {

		TooManySrvHostsException() {
			super("More SRV hosts without addresses than " + MAX_QUERIED_SRV_HOSTS);
		}

	}

	/**
	 * A DNS server answered an SRV query with an error (SERVFAIL, REFUSED).
	 */
	static final class ErrorResponseException extends IOException {

		ErrorResponseException() {
			super("The DNS server answered with an error");
		}

	}

}
