package dev.dialtone.sample.story;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Collection;

/**
 * Tells the story on standard output, apart from the application's log, which the sample keeps
 * at WARN so that the story stays readable.
 */
final class Narrator {

	private final PrintStream out;

	Narrator(PrintStream out) {
		this.out = out;
	}

	/**
	 * A duration as the story says it, such as {@code 2.5s}.
	 */
	static String seconds(Duration duration) {
		return duration.toMillis() / 1000.0 + "s";
	}

	void title(String title) {
		this.out.println();
		this.out.println("=== " + title);
	}

	void act(int number, String title) {
		this.out.println();
		this.out.println("Act " + number + ": " + title);
	}

	void say(String line) {
		this.out.println("  " + line);
	}

	/**
	 * Where a run of calls went, with the expected backends listed even when they answered
	 * none, and every failure with its status.
	 */
	void report(String what, Tally tally, Collection<String> expected) {
		say(what + ": " + tally.total() + "  " + tally.describe(expected));
		tally.failures().forEach((reason, times) -> say("FAILED " + times + "x " + reason));
	}

	/**
	 * A block of text, such as a JSON document, indented under the act.
	 */
	void show(String text) {
		text.lines().forEach((line) -> this.out.println("    " + line));
	}

}
