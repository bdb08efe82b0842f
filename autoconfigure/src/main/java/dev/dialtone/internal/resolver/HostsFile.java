package dev.dialtone.internal.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.xbill.DNS.Address;

/**
 * The hosts file the JVM reads ({@code jdk.net.hosts.file} when set, otherwise the system's), read
 * by Dialtone itself: every line that names a host counts, so a name on three lines has three
 * addresses, as {@code InetAddress.getAllByName} and the system's resolver give; dnsjava's own
 * parser keeps only the first. The file is read again when it changed, so an edit reaches the next
 * lookup and no cache hides it.
 */
final class HostsFile {

	private static final Log logger = LogFactory.getLog(HostsFile.class);

	// A file changed twice within the file system's timestamp resolution keeps its time: one changed
	// this recently is read again on every lookup.
	private static final Duration RECENT = Duration.ofSeconds(2);

	private final Path path;

	private Map<String, List<InetAddress>> names = Map.of();

	private Instant modified;

	private long size = -1;

	/**
	 * @param path the file to read; a file that does not exist lists no name
	 */
	HostsFile(Path path) {
		this.path = path;
	}

	/**
	 * The hosts file the JVM reads: {@code jdk.net.hosts.file}, or the system's.
	 */
	static Path jvmHostsFile() {
		String configured = System.getProperty("jdk.net.hosts.file");
		if (configured != null) {
			return Paths.get(configured);
		}
		if (System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows")) {
			String root = System.getenv("SystemRoot");
			return Paths.get((root != null) ? root : "C:\\Windows", "System32", "drivers", "etc", "hosts");
		}
		return Paths.get("/etc/hosts");
	}

	Path path() {
		return this.path;
	}

	/**
	 * Every address the file lists for the name, in the file's order; empty when it lists none.
	 * @param host a host name, matched without regard to case and to a trailing dot
	 */
	synchronized List<InetAddress> addresses(String host) {
		readIfChanged();
		String name = host.endsWith(".") ? host.substring(0, host.length() - 1) : host;
		return this.names.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
	}

	private void readIfChanged() {
		try {
			BasicFileAttributes attributes = Files.readAttributes(this.path, BasicFileAttributes.class);
			Instant modified = attributes.lastModifiedTime().toInstant();
			boolean recent = modified.isAfter(Instant.now().minus(RECENT));
			if (!recent && modified.equals(this.modified) && attributes.size() == this.size) {
				return;
			}
			this.names = parse(Files.readAllLines(this.path, StandardCharsets.ISO_8859_1));
			this.modified = modified;
			this.size = attributes.size();
		}
		catch (NoSuchFileException ex) {
			this.names = Map.of();
			this.modified = null;
			this.size = -1;
		}
		catch (IOException ex) {
			// Keeps what it read last, as a resolver keeps its last good answer.
			logger.warn("Could not read the hosts file " + this.path + " (" + ex.getClass().getName() + ")");
		}
	}

	static Map<String, List<InetAddress>> parse(List<String> lines) {
		Map<String, Set<InetAddress>> names = new HashMap<>();
		for (String line : lines) {
			int comment = line.indexOf('#');
			String[] fields = ((comment >= 0) ? line.substring(0, comment) : line).trim().split("\\s+");
			if (fields.length < 2) {
				continue;
			}
			InetAddress address = literal(fields[0]);
			if (address == null) {
				continue;
			}
			for (int i = 1; i < fields.length; i++) {
				names.computeIfAbsent(fields[i].toLowerCase(Locale.ROOT), (name) -> new LinkedHashSet<>()).add(address);
			}
		}
		Map<String, List<InetAddress>> lists = new HashMap<>();
		names.forEach((name, addresses) -> lists.put(name, List.copyOf(new ArrayList<>(addresses))));
		return lists;
	}

	/**
	 * The address of an IPv4 or IPv6 literal (an IPv6 one may name its scope after {@code %}), or
	 * null for anything else: a host file line never causes a lookup.
	 */
	private static InetAddress literal(String text) {
		int scope = text.indexOf('%');
		String bare = (scope >= 0) ? text.substring(0, scope) : text;
		boolean known = (bare.contains(":") ? Address.toByteArray(bare, Address.IPv6)
				: Address.toByteArray(bare, Address.IPv4)) != null;
		if (!known) {
			return null;
		}
		try {
			return InetAddress.getByName(text);
		}
		catch (UnknownHostException ex) {
			// An unknown scope: the line cannot be used.
			return null;
		}
	}

}
