package dev.dialtone.benchmarks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the {@code -rf csv} output of {@link CallOverhead} into {@code benchmarks/results/percall.csv},
 * one row per benchmark and parameters, and prints the Markdown tables of docs/performance.md:
 * Dialtone beside the hand-built channel, with their ratio, and what observations cost per call.
 * <p>
 * Arguments (all optional): {@code jmh=jmh-percall.csv out=benchmarks/results/percall.csv}.
 */
public final class PerCallResults {

	/** The columns of percall.csv. */
	static final List<String> COLUMNS = List.of("benchmark", "observations", "policy", "via", "mode", "score",
			"score_error", "unit", "alloc_bytes_per_op", "p50_us", "p99_us", "p999_us");

	private static final String PREFIX = CallOverhead.class.getName() + ".";

	private PerCallResults() {
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		Path jmh = Paths.get(options.getOrDefault("jmh", "jmh-percall.csv"));
		Path out = Paths.get(options.getOrDefault("out", "benchmarks/results/percall.csv"));
		List<Map<String, String>> rows = convert(CsvTable.read(jmh));
		List<String> lines = new ArrayList<>();
		lines.add(String.join(",", COLUMNS));
		for (Map<String, String> row : rows) {
			lines.add(String.join(",", COLUMNS.stream().map((column) -> row.getOrDefault(column, "")).toList()));
		}
		if (out.getParent() != null) {
			Files.createDirectories(out.getParent());
		}
		Files.write(out, lines);
		System.out.println("Wrote " + rows.size() + " rows to " + out);
		System.out.println();
		System.out.println(ratioTable(rows));
		System.out.println(observationTable(rows));
	}

	/**
	 * One row per benchmark and parameters, the secondary results of JMH ({@code :gc.alloc.rate.norm},
	 * {@code :p0.50} ...) folded into it.
	 */
	static List<Map<String, String>> convert(CsvTable jmh) {
		jmh.require("Benchmark", "Mode", "Score", "Score Error (99.9%)", "Unit", "Param: observations",
				"Param: policy", "Param: via");
		Map<String, Map<String, String>> rows = new LinkedHashMap<>();
		for (Map<String, String> result : jmh.rows()) {
			String name = result.get("Benchmark");
			if (!name.startsWith(PREFIX)) {
				continue;
			}
			String[] parts = name.substring(PREFIX.length()).split(":", 2);
			String key = parts[0] + "/" + result.get("Param: observations") + "/" + result.get("Param: policy") + "/"
					+ result.get("Param: via");
			Map<String, String> row = rows.computeIfAbsent(key, (k) -> new LinkedHashMap<>());
			if (parts.length == 1) {
				row.put("benchmark", parts[0]);
				row.put("observations", result.get("Param: observations"));
				row.put("policy", result.get("Param: policy"));
				row.put("via", result.get("Param: via"));
				row.put("mode", result.get("Mode"));
				row.put("score", result.get("Score"));
				row.put("score_error", result.get("Score Error (99.9%)"));
				row.put("unit", result.get("Unit"));
				continue;
			}
			switch (parts[1]) {
				case "gc.alloc.rate.norm" -> row.put("alloc_bytes_per_op", result.get("Score"));
				case "p0.50" -> row.put("p50_us", result.get("Score"));
				case "p0.99" -> row.put("p99_us", result.get("Score"));
				case "p0.999" -> row.put("p999_us", result.get("Score"));
				default -> {
				}
			}
		}
		return new ArrayList<>(rows.values());
	}

	/**
	 * Dialtone beside the hand-built channel, for every benchmark and variant: throughput, or the
	 * latency percentiles, and bytes allocated per call.
	 */
	static String ratioTable(List<Map<String, String>> rows) {
		StringBuilder table = new StringBuilder();
		table.append("| benchmark | observations | policy | hand-built | Dialtone | Dialtone / hand-built |"
				+ " bytes/call hand-built / Dialtone |\n|---|---|---|---|---|---|---|\n");
		for (Map<String, String> dialtone : rows) {
			if (!"dialtone".equals(dialtone.get("via"))) {
				continue;
			}
			Map<String, String> handBuilt = find(rows, dialtone.get("benchmark"), dialtone.get("observations"),
					dialtone.get("policy"), "handbuilt");
			if (handBuilt == null) {
				continue;
			}
			String values;
			String ratios;
			if ("thrpt".equals(dialtone.get("mode"))) {
				values = format("%.0f ± %.0f calls/s", handBuilt, "score", "score_error") + " | "
						+ format("%.0f ± %.0f calls/s", dialtone, "score", "score_error");
				ratios = String.format(Locale.ROOT, "%.3f", number(dialtone, "score") / number(handBuilt, "score"));
			}
			else {
				values = percentiles(handBuilt) + " | " + percentiles(dialtone);
				ratios = String.format(Locale.ROOT, "%.2f / %.2f / %.2f", number(dialtone, "p50_us") / number(handBuilt, "p50_us"),
						number(dialtone, "p99_us") / number(handBuilt, "p99_us"),
						number(dialtone, "p999_us") / number(handBuilt, "p999_us"));
			}
			table.append("| ").append(dialtone.get("benchmark")).append(" | ").append(dialtone.get("observations"))
				.append(" | ").append(dialtone.get("policy")).append(" | ").append(values).append(" | ").append(ratios)
				.append(" | ").append(format("%.0f", handBuilt, "alloc_bytes_per_op")).append(" / ")
				.append(format("%.0f", dialtone, "alloc_bytes_per_op")).append(" |\n");
		}
		return table.toString();
	}

	/**
	 * What observations add to one call, one at a time: the mean time of unaryLatency and the bytes
	 * allocated per call with observations on, less the same with them off.
	 */
	static String observationTable(List<Map<String, String>> rows) {
		StringBuilder table = new StringBuilder();
		table.append("| channel | policy | mean µs/call off → on | + µs/call | bytes/call off → on | + bytes/call |\n"
				+ "|---|---|---|---|---|---|\n");
		for (String via : List.of("dialtone", "handbuilt")) {
			for (Map<String, String> off : rows) {
				if (!"unaryLatency".equals(off.get("benchmark")) || !via.equals(off.get("via"))
						|| !"off".equals(off.get("observations"))) {
					continue;
				}
				Map<String, String> on = find(rows, "unaryLatency", "on", off.get("policy"), via);
				if (on == null) {
					continue;
				}
				table.append(String.format(Locale.ROOT, "| %s | %s | %.1f → %.1f | %+.1f | %.0f → %.0f | %+.0f |%n", via,
						off.get("policy"), number(off, "score"), number(on, "score"),
						number(on, "score") - number(off, "score"), number(off, "alloc_bytes_per_op"),
						number(on, "alloc_bytes_per_op"),
						number(on, "alloc_bytes_per_op") - number(off, "alloc_bytes_per_op")));
			}
		}
		return table.toString();
	}

	private static Map<String, String> find(List<Map<String, String>> rows, String benchmark, String observations,
			String policy, String via) {
		for (Map<String, String> row : rows) {
			if (benchmark.equals(row.get("benchmark")) && observations.equals(row.get("observations"))
					&& policy.equals(row.get("policy")) && via.equals(row.get("via"))) {
				return row;
			}
		}
		return null;
	}

	private static String percentiles(Map<String, String> row) {
		return format("%.0f / %.0f / %.0f µs", row, "p50_us", "p99_us", "p999_us");
	}

	private static String format(String format, Map<String, String> row, String... columns) {
		Object[] values = new Object[columns.length];
		for (int i = 0; i < columns.length; i++) {
			values[i] = number(row, columns[i]);
		}
		return String.format(Locale.ROOT, format, values);
	}

	static double number(Map<String, String> row, String column) {
		String value = row.get(column);
		return (value == null || value.isEmpty()) ? Double.NaN : Double.parseDouble(value);
	}

}
