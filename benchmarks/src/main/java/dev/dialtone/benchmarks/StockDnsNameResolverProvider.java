package dev.dialtone.benchmarks;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;

import com.google.common.base.Stopwatch;
import io.grpc.NameResolver;
import io.grpc.NameResolverProvider;
import io.grpc.internal.DnsNameResolver;
import io.grpc.internal.GrpcUtil;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * grpc-java's own {@code dns} resolver, unchanged in when it resolves (at start, then only when the
 * load balancer asks after a connection failed or went idle, no more often than its 30 s cache
 * allows), but asking a given DNS server for A records instead of the JVM's
 * {@code InetAddress}, which on Java 17 can only ask the system's resolvers. This is the stock
 * behaviour Dialtone's refresh is compared with, on a loopback DNS server whose answer the
 * benchmark changes.
 */
final class StockDnsNameResolverProvider extends NameResolverProvider {

	private final InetSocketAddress server;

	StockDnsNameResolverProvider(InetSocketAddress server) {
		this.server = server;
	}

	@Override
	public NameResolver newNameResolver(URI targetUri, NameResolver.Args args) {
		if (!"dns".equals(targetUri.getScheme()) || targetUri.getPath() == null
				|| !targetUri.getPath().startsWith("/")) {
			return null;
		}
		return new StockDnsNameResolver(targetUri.getAuthority(), targetUri.getPath().substring(1), args,
				this.server);
	}

	@Override
	protected boolean isAvailable() {
		return true;
	}

	@Override
	protected int priority() {
		return 5;
	}

	@Override
	public String getDefaultScheme() {
		return "dns";
	}

	private static final class StockDnsNameResolver extends DnsNameResolver {

		StockDnsNameResolver(String authority, String name, Args args, InetSocketAddress server) {
			super(authority, name, args, GrpcUtil.SHARED_CHANNEL_EXECUTOR, Stopwatch.createUnstarted(), false);
			setAddressResolver((host) -> lookUp(server, host));
		}

		private static List<InetAddress> lookUp(InetSocketAddress server, String host) throws Exception {
			// A fresh query every time: grpc-java's own cache is the only one, as with InetAddress
			// under networkaddress.cache.ttl=0.
			Message query = Message.newQuery(Record.newRecord(Name.fromString(host, Name.root), Type.A, DClass.IN));
			Message response = new SimpleResolver(server).send(query);
			if (response.getRcode() != Rcode.NOERROR) {
				throw new UnknownHostException(host + ": " + Rcode.string(response.getRcode()));
			}
			List<InetAddress> addresses = new ArrayList<>();
			for (Record record : response.getSection(Section.ANSWER)) {
				if (record instanceof ARecord a) {
					addresses.add(a.getAddress());
				}
			}
			return addresses;
		}

	}

}
