package dev.dialtone.benchmarks;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The measuring part of a harness, run in a JVM of its own with this class path, so that one
 * measurement's leftovers (threads, classes, JIT) do not show in the next. Its output is echoed
 * with a label; the lines that carry results, by their prefix, are returned.
 */
final class ChildJvm {

	private ChildJvm() {
	}

	/**
	 * @param label put before each echoed line, and named when the child fails
	 * @param jvmOptions options of the child JVM, such as {@code -Xmx1g}
	 * @param main the class whose {@code main} the child runs
	 * @param args its arguments
	 * @param prefixes the prefixes of the lines to return
	 * @return the lines that start with one of the prefixes, whole and in order
	 * @throws IllegalStateException when the child fails or prints no such line
	 */
	static List<String> run(String label, List<String> jvmOptions, Class<?> main, List<String> args,
			String... prefixes) throws Exception {
		List<String> command = new ArrayList<>();
		command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
		command.addAll(jvmOptions);
		command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
		command.addAll(args);
		Process child = new ProcessBuilder(command).redirectErrorStream(true).start();
		List<String> kept = new ArrayList<>();
		try (BufferedReader output = new BufferedReader(
				new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
			for (String line = output.readLine(); line != null; line = output.readLine()) {
				System.out.println("[" + label + "] " + line);
				for (String prefix : prefixes) {
					if (line.startsWith(prefix)) {
						kept.add(line);
						break;
					}
				}
			}
		}
		if (!child.waitFor(1, TimeUnit.MINUTES) || child.exitValue() != 0 || kept.isEmpty()) {
			child.destroyForcibly();
			throw new IllegalStateException("The measurement " + label + " failed");
		}
		return kept;
	}

}
