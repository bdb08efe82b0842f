package dev.dialtone.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Rows of results in a CSV file that charts are drawn from. A harness writes its own rows, never
 * a person: the rows it writes replace the file's rows of the same first two columns (variant and
 * channel count, or observations and policy), so that a run measured again does not leave its old
 * numbers beside the new.
 */
final class CsvRows {

	private CsvRows() {
	}

	/**
	 * @param file the CSV file, created with the header if it does not exist
	 * @param header the header line, checked against the file's
	 * @param rows the rows to write, each starting with variant and channel count
	 */
	static void write(Path file, String header, List<String> rows) throws IOException {
		List<String> lines = new ArrayList<>();
		if (Files.exists(file)) {
			lines.addAll(Files.readAllLines(file, StandardCharsets.UTF_8));
			if (lines.isEmpty() || !lines.get(0).equals(header)) {
				throw new IllegalStateException(file + " does not start with the header " + header);
			}
		}
		else {
			lines.add(header);
			if (file.toAbsolutePath().getParent() != null) {
				Files.createDirectories(file.toAbsolutePath().getParent());
			}
		}
		Set<String> replaced = rows.stream().map(CsvRows::key).collect(Collectors.toSet());
		lines.subList(1, lines.size()).removeIf((line) -> replaced.contains(key(line)));
		lines.addAll(rows);
		Files.write(file, lines, StandardCharsets.UTF_8);
		System.out.println("Wrote " + rows.size() + " rows to " + file);
	}

	private static String key(String row) {
		String[] columns = row.split(",", 3);
		return (columns.length < 2) ? row : columns[0] + "," + columns[1];
	}

}
