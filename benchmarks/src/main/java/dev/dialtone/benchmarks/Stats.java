package dev.dialtone.benchmarks;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Min, median, 90th percentile and max of a few samples, by nearest rank: with ten runs, p90 is
 * the ninth value, not an interpolation between runs that did not happen.
 */
record Stats(int count, long min, long median, long p90, long max) {

	static Stats of(List<Long> samples) {
		if (samples.isEmpty()) {
			return new Stats(0, 0, 0, 0, 0);
		}
		List<Long> sorted = new ArrayList<>(samples);
		Collections.sort(sorted);
		return new Stats(sorted.size(), sorted.get(0), rank(sorted, 0.5), rank(sorted, 0.9),
				sorted.get(sorted.size() - 1));
	}

	private static long rank(List<Long> sorted, double quantile) {
		int rank = (int) Math.ceil(quantile * sorted.size());
		return sorted.get(Math.max(rank, 1) - 1);
	}

}
