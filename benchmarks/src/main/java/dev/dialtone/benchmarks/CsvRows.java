package dev.dialtone.benchmarks;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rows of results in a CSV file that charts are drawn from. A harness writes its own rows, never
 * a person: a row it writes replaces the file's row of the same variant and channel count (the
 * first two columns), so that a run measured again does not leave its old numbers beside the new.
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
		for (String row : rows) {
			lines.removeIf((line) -> key(line).equals(key(row)));
			lines.add(row);
		}
		Files.write(file, lines, StandardCharsets.UTF_8);
		System.out.println("Wrote " + rows.size() + " rows to " + file);
	}

	private static String key(String row) {
		String[] columns = row.split(",", 3);
		return (columns.length < 2) ? row : columns[0] + "," + columns[1];
	}

}
