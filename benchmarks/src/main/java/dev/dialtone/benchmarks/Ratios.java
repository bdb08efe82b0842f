package dev.dialtone.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The rounds of {@link PairedCalls}, summarised per variant and mode. Rounds are taken in pairs of
 * one JVM, an odd round (hand-built channel first) with the next even one (Dialtone first), and a
 * pair's ratio is the geometric mean of its two rounds' ratios: whichever channel runs first in a
 * round has an edge that does not depend on the channel (in one-at-a-time latency, the first block
 * of a round came out about 5% faster, whichever channel it was), and each pair holds it once on
 * each side. The summary is the median of the pairs' ratios, with a 95% confidence interval of that
 * median from the order statistics (the interval between the ranks {@code n/2 - 0.98 sqrt(n)} and
 * {@code 1 + n/2 + 0.98 sqrt(n)}, the normal approximation of the binomial; it assumes nothing
 * about how the ratios are distributed).
 * <p>
 * A round's ratio is always "Dialtone's speed over the hand-built channel's": Dialtone / hand-built
 * for calls per second, hand-built / Dialtone for µs per call. 1 is no cost, 0.98 is Dialtone 2%
 * slower.
 */
record Ratios(String observations, String policy, String mode, int pairs, double dialtone, double handBuilt,
		String unit, double median, double low, double high, long dialtoneBytes, long handBuiltBytes,
		long extraBytes) {

	static List<Ratios> of(CsvTable table) {
		table.require(PairedCalls.COLUMNS.toArray(String[]::new));
		Map<String, List<Map<String, String>>> groups = new LinkedHashMap<>();
		for (Map<String, String> row : table.rows()) {
			groups.computeIfAbsent(row.get("observations") + "/" + row.get("policy") + "/" + row.get("mode"),
					(key) -> new ArrayList<>())
				.add(row);
		}
		List<Ratios> all = new ArrayList<>();
		groups.values().forEach((rows) -> all.add(summarise(rows)));
		return all;
	}

	private static Ratios summarise(List<Map<String, String>> rows) {
		Map<String, Double> byRound = new HashMap<>();
		List<Double> dialtone = new ArrayList<>();
		List<Double> handBuilt = new ArrayList<>();
		List<Double> extraBytes = new ArrayList<>();
		List<Double> dialtoneBytes = new ArrayList<>();
		List<Double> handBuiltBytes = new ArrayList<>();
		String unit = rows.get(0).get("unit");
		for (Map<String, String> row : rows) {
			double d = Double.parseDouble(row.get("dialtone"));
			double h = Double.parseDouble(row.get("handbuilt"));
			dialtone.add(d);
			handBuilt.add(h);
			byRound.put(row.get("fork") + "/" + row.get("round"), ratio(unit, d, h));
			dialtoneBytes.add(Double.parseDouble(row.get("dialtone_bytes")));
			handBuiltBytes.add(Double.parseDouble(row.get("handbuilt_bytes")));
			extraBytes.add(dialtoneBytes.get(dialtoneBytes.size() - 1) - handBuiltBytes.get(handBuiltBytes.size() - 1));
		}
		List<Double> pairs = new ArrayList<>();
		for (Map<String, String> row : rows) {
			int round = Integer.parseInt(row.get("round"));
			Double next = byRound.get(row.get("fork") + "/" + (round + 1));
			if (round % 2 == 1 && next != null) {
				pairs.add(Math.sqrt(byRound.get(row.get("fork") + "/" + round) * next));
			}
		}
		if (pairs.isEmpty()) {
			throw new IllegalArgumentException("No pair of rounds (an odd one and the next) for "
					+ rows.get(0).get("observations") + "/" + rows.get(0).get("policy") + "/" + rows.get(0).get("mode"));
		}
		Collections.sort(pairs);
		int[] ranks = medianInterval(pairs.size());
		Map<String, String> first = rows.get(0);
		return new Ratios(first.get("observations"), first.get("policy"), first.get("mode"), pairs.size(),
				median(dialtone), median(handBuilt), unit, median(pairs), pairs.get(ranks[0] - 1),
				pairs.get(ranks[1] - 1), Math.round(median(dialtoneBytes)), Math.round(median(handBuiltBytes)),
				Math.round(median(extraBytes)));
	}

	/** Dialtone's speed over the hand-built channel's, whichever way the unit runs. */
	static double ratio(String unit, double dialtone, double handBuilt) {
		return switch (unit) {
			case "calls_per_s" -> dialtone / handBuilt;
			case "us_per_call" -> handBuilt / dialtone;
			default -> throw new IllegalArgumentException("unit: " + unit + "; known: calls_per_s, us_per_call");
		};
	}

	/**
	 * The 1-based ranks, in the sorted sample of {@code n}, that bound a 95% confidence interval of
	 * the median.
	 */
	static int[] medianInterval(int n) {
		double spread = 0.98 * Math.sqrt(n);
		int low = (int) Math.max(1, Math.round(n / 2.0 - spread));
		int high = (int) Math.min(n, Math.round(1 + n / 2.0 + spread));
		return new int[] { low, high };
	}

	static double median(List<Double> values) {
		List<Double> sorted = new ArrayList<>(values);
		Collections.sort(sorted);
		int n = sorted.size();
		return (n % 2 == 1) ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
	}

	/** The Markdown table of docs/performance.md. */
	static String table(CsvTable table) {
		StringBuilder out = new StringBuilder();
		out.append("| observations | policy | mode | pairs of rounds | Dialtone, median | hand-built, median "
				+ "| Dialtone / hand-built: median [95% CI] | bytes/call, Dialtone − hand-built |\n");
		out.append("|---|---|---|---|---|---|---|---|\n");
		for (Ratios ratios : of(table)) {
			String unit = ratios.unit().equals("calls_per_s") ? "calls/s" : "µs";
			out.append(String.format(Locale.ROOT, "| %s | %s | %s | %d | %.1f %s | %.1f %s | **%.3f** [%.3f, %.3f] | %+d |%n",
					ratios.observations(), ratios.policy(), ratios.mode(), ratios.pairs(), ratios.dialtone(), unit,
					ratios.handBuilt(), unit, ratios.median(), ratios.low(), ratios.high(), ratios.extraBytes()));
		}
		return out.toString();
	}

	/**
	 * The one-at-a-time percentiles per variant ({@code observations} and {@code policy}) and channel
	 * ({@code dialtone}, {@code handbuilt}): the median over the JVMs of each of p50, p99 and p99.9,
	 * with the number of JVMs last.
	 */
	static Map<List<String>, Map<String, double[]>> latencies(CsvTable table) {
		table.require(PairedCalls.LATENCY_COLUMNS.toArray(String[]::new));
		Map<List<String>, Map<String, List<double[]>>> byVariant = new LinkedHashMap<>();
		for (Map<String, String> row : table.rows()) {
			byVariant.computeIfAbsent(List.of(row.get("observations"), row.get("policy")), (key) -> new LinkedHashMap<>())
				.computeIfAbsent(row.get("via"), (key) -> new ArrayList<>())
				.add(new double[] { Double.parseDouble(row.get("p50_us")), Double.parseDouble(row.get("p99_us")),
						Double.parseDouble(row.get("p999_us")) });
		}
		Map<List<String>, Map<String, double[]>> medians = new LinkedHashMap<>();
		byVariant.forEach((variant, sides) -> sides.forEach((via, jvms) -> {
			double[] values = new double[4];
			for (int i = 0; i < 3; i++) {
				int index = i;
				values[i] = median(jvms.stream().map((percentiles) -> percentiles[index]).toList());
			}
			values[3] = jvms.size();
			medians.computeIfAbsent(variant, (key) -> new LinkedHashMap<>()).put(via, values);
		}));
		return medians;
	}

	/**
	 * The Markdown table of the one-at-a-time percentiles ({@link #latencies}), and hand-built /
	 * Dialtone for each.
	 */
	static String latencyTable(CsvTable table) {
		StringBuilder out = new StringBuilder();
		out.append("| observations | policy | JVMs | hand-built p50 / p99 / p99.9, µs | Dialtone p50 / p99 / p99.9, µs "
				+ "| hand-built / Dialtone |\n");
		out.append("|---|---|---|---|---|---|\n");
		double[] none = { Double.NaN, Double.NaN, Double.NaN, 0 };
		latencies(table).forEach((variant, sides) -> {
			double[] handBuilt = sides.getOrDefault("handbuilt", none);
			double[] dialtone = sides.getOrDefault("dialtone", none);
			out.append(String.format(Locale.ROOT,
					"| %s | %s | %d | %.1f / %.1f / %.1f | %.1f / %.1f / %.1f | %.2f / %.2f / %.2f |%n", variant.get(0),
					variant.get(1), (int) dialtone[3], handBuilt[0], handBuilt[1], handBuilt[2], dialtone[0], dialtone[1],
					dialtone[2], handBuilt[0] / dialtone[0], handBuilt[1] / dialtone[1], handBuilt[2] / dialtone[2]));
		});
		return out.toString();
	}

}
