package dev.dialtone.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A CSV file with a header line, read as rows of column name to value: the result files of the
 * benchmarks and JMH's {@code -rf csv} output. Fields may be quoted ({@code "a,b"}, {@code ""} for
 * a quote); blank lines are skipped.
 */
record CsvTable(List<String> columns, List<Map<String, String>> rows) {

	static CsvTable read(Path file) throws IOException {
		return parse(Files.readAllLines(file));
	}

	static CsvTable parse(List<String> lines) {
		List<String> columns = null;
		List<Map<String, String>> rows = new ArrayList<>();
		int number = 0;
		for (String line : lines) {
			number++;
			if (line.isBlank()) {
				continue;
			}
			List<String> fields = fields(line);
			if (columns == null) {
				columns = fields;
				continue;
			}
			if (fields.size() != columns.size()) {
				throw new IllegalArgumentException("Line " + number + " has " + fields.size() + " fields, the header "
						+ columns.size() + ": " + line);
			}
			Map<String, String> row = new LinkedHashMap<>();
			for (int i = 0; i < columns.size(); i++) {
				row.put(columns.get(i), fields.get(i));
			}
			rows.add(row);
		}
		if (columns == null) {
			throw new IllegalArgumentException("No header line");
		}
		return new CsvTable(List.copyOf(columns), List.copyOf(rows));
	}

	/**
	 * Fails naming the columns that are missing, so that a file of another shape is refused clearly.
	 */
	CsvTable require(String... names) {
		List<String> missing = new ArrayList<>();
		for (String name : names) {
			if (!this.columns.contains(name)) {
				missing.add(name);
			}
		}
		if (!missing.isEmpty()) {
			throw new IllegalArgumentException("Missing columns " + missing + "; the file has " + this.columns);
		}
		return this;
	}

	private static List<String> fields(String line) {
		List<String> fields = new ArrayList<>();
		StringBuilder field = new StringBuilder();
		boolean quoted = false;
		for (int i = 0; i < line.length(); i++) {
			char c = line.charAt(i);
			if (quoted) {
				if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
					field.append('"');
					i++;
				}
				else if (c == '"') {
					quoted = false;
				}
				else {
					field.append(c);
				}
			}
			else if (c == '"') {
				quoted = true;
			}
			else if (c == ',') {
				fields.add(field.toString().trim());
				field.setLength(0);
			}
			else {
				field.append(c);
			}
		}
		fields.add(field.toString().trim());
		return fields;
	}

}
