package dev.dialtone.internal.resolver;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Reading a hosts file as the system does: every line of a name counts.
 */
class HostsFileTests {

	@TempDir
	Path folder;

	@Test
	void everyLineOfANameCountsInTheFilesOrder() throws IOException {
		HostsFile hosts = write("# a comment line", "127.0.0.1 localhost", "10.0.0.1\tgreeter.test greeter",
				"10.0.0.2 other.test GREETER.test # an alias, in another case", "fe80::1%1 link.test",
				"::1 greeter.test", "10.0.0.1 greeter.test", "not-an-address greeter.test", "10.0.0.3");
		assertThat(hosts.addresses("greeter.test")).containsExactly(address("10.0.0.1"), address("10.0.0.2"),
				address("::1"));
		assertThat(hosts.addresses("Greeter.Test.")).isEqualTo(hosts.addresses("greeter.test"));
		assertThat(hosts.addresses("greeter")).containsExactly(address("10.0.0.1"));
		assertThat(hosts.addresses("missing.test")).isEmpty();
	}

	@Test
	void aChangedFileIsReadAgainAndAMissingOneListsNothing() throws IOException {
		HostsFile hosts = write("10.0.0.1 greeter.test");
		assertThat(hosts.addresses("greeter.test")).containsExactly(address("10.0.0.1"));
		write("10.0.0.2 greeter.test", "10.0.0.3 greeter.test");
		assertThat(hosts.addresses("greeter.test")).containsExactly(address("10.0.0.2"), address("10.0.0.3"));
		Files.delete(hosts.path());
		assertThat(hosts.addresses("greeter.test")).isEmpty();
	}

	private HostsFile write(String... lines) throws IOException {
		return new HostsFile(Files.write(this.folder.resolve("hosts"), List.of(lines)));
	}

	private static InetAddress address(String literal) throws IOException {
		return InetAddress.getByName(literal);
	}

}
