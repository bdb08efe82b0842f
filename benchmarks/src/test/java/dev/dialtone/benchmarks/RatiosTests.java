package dev.dialtone.benchmarks;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class RatiosTests {

	private static final String HEADER = String.join(",", PairedCalls.COLUMNS);

	@Test
	void theMedianIntervalHasTheRanksOfTheBinomialTable() {
		// Published 95% ranks for the median: n = 30 gives the 10th and 21st values, n = 100 the 40th and 61st.
		assertThat(Ratios.medianInterval(30)).containsExactly(10, 21);
		assertThat(Ratios.medianInterval(100)).containsExactly(40, 61);
		assertThat(Ratios.medianInterval(1)).containsExactly(1, 1);
	}

	@Test
	void aRatioBelowOneMeansDialtoneIsSlowerInEitherUnit() {
		assertThat(Ratios.ratio("calls_per_s", 980, 1000)).isCloseTo(0.98, within(1e-9));
		assertThat(Ratios.ratio("us_per_call", 102, 100)).isCloseTo(100.0 / 102, within(1e-9));
	}

	@Test
	void summarisesEachVariantAndModeByTheMedianOfItsPairsOfRounds() {
		List<String> lines = new ArrayList<>(List.of(HEADER));
		// Latency (µs, ratio hand-built / Dialtone): fork 1 has rounds of 0.81 and 1.0, a pair of 0.9;
		// fork 2 rounds of 0.64 and 1.0, a pair of 0.8, and a third round without its pair.
		lines.add("off,none,latency,1,1,handbuilt,100,81,us_per_call,1300,1000");
		lines.add("off,none,latency,1,2,dialtone,100,100,us_per_call,1200,1000");
		lines.add("off,none,latency,2,1,handbuilt,100,64,us_per_call,1100,1000");
		lines.add("off,none,latency,2,2,dialtone,90,90,us_per_call,1100,1000");
		lines.add("off,none,latency,2,3,handbuilt,100,10,us_per_call,1100,1000");
		// Calls per second (ratio Dialtone / hand-built) of another variant: 0.64 and 1.0, a pair of 0.8.
		lines.add("on,retry,unary,1,1,handbuilt,640,1000,calls_per_s,5000,4000");
		lines.add("on,retry,unary,1,2,dialtone,1000,1000,calls_per_s,5000,4000");
		List<Ratios> all = Ratios.of(CsvTable.parse(lines));
		assertThat(all).hasSize(2);
		Ratios latency = all.get(0);
		assertThat(latency.mode()).isEqualTo("latency");
		assertThat(latency.pairs()).isEqualTo(2);
		assertThat(latency.median()).isCloseTo(0.85, within(1e-9));
		assertThat(latency.low()).isCloseTo(0.8, within(1e-9));
		assertThat(latency.high()).isCloseTo(0.9, within(1e-9));
		assertThat(latency.dialtone()).isCloseTo(100, within(1e-9));
		assertThat(latency.extraBytes()).isEqualTo(100);
		assertThat(latency.dialtoneBytes()).isEqualTo(1100);
		assertThat(latency.handBuiltBytes()).isEqualTo(1000);
		Ratios unary = all.get(1);
		assertThat(unary.pairs()).isEqualTo(1);
		assertThat(unary.median()).isCloseTo(0.8, within(1e-9));
		assertThat(Ratios.table(CsvTable.parse(lines))).contains("| off | none | latency | 2 |", "**0.850**");
	}

	@Test
	void givesEachChannelsPercentilesAsTheMedianOverTheJvms() {
		List<String> lines = List.of(String.join(",", PairedCalls.LATENCY_COLUMNS),
				"off,none,1,dialtone,40000,100.0,200.0,1000.0", "off,none,2,dialtone,40000,110.0,400.0,3000.0",
				"off,none,3,dialtone,40000,90.0,300.0,2000.0", "off,none,1,handbuilt,40000,99.0,150.0,500.0");
		String table = Ratios.latencyTable(CsvTable.parse(lines));
		assertThat(table).contains("| off | none | 3 | 99.0 / 150.0 / 500.0 | 100.0 / 300.0 / 2000.0 | 0.99 / 0.50 / 0.25 |");
	}

}
