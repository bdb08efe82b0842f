package dev.dialtone.benchmarks;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The charts drawn from the sample result files of src/test/resources/sample-results (made-up
 * numbers, only for this test).
 */
class ChartsTests {

	@BeforeAll
	static void headless() {
		System.setProperty("java.awt.headless", "true");
	}

	@Test
	void drawsAChartOfEveryResultFileThatIsThere(@TempDir Path results, @TempDir Path images) throws IOException {
		for (String name : List.of("footprint.csv", "health.csv", "dns-change.csv", "paired.csv", "paired-latency.csv")) {
			Files.copy(Path.of("src/test/resources/sample-results", name), results.resolve(name));
		}
		List<Map<String, String>> perCall = PerCallResults
			.convert(CsvTable.read(Path.of("src/test/resources/sample-results/jmh.csv")));
		Files.write(results.resolve("percall.csv"), csv(perCall));
		List<Path> written = new Charts(results, images).drawAll();
		assertThat(written).extracting((path) -> path.getFileName().toString())
			.containsExactlyInAnyOrder("dns-change.png", "percall-unary.png", "percall-ratio.png",
					"percall-latency.png", "percall-bytes.png", "percall-paired.png", "percall-paired-bytes.png", "percall-paired-latency.png", "footprint-heap.png", "footprint-startup.png", "health-latency.png");
		for (Path image : written) {
			BufferedImage png = ImageIO.read(image.toFile());
			assertThat(png.getWidth()).as(image.toString()).isEqualTo(900);
		}
	}

	@Test
	void skipsTheFilesThatAreAbsent(@TempDir Path results, @TempDir Path images) throws IOException {
		Files.copy(Path.of("src/test/resources/sample-results/health.csv"), results.resolve("health.csv"));
		assertThat(new Charts(results, images).drawAll()).containsExactly(images.resolve("health-latency.png"));
	}

	@Test
	void foldsJmhSecondaryResultsIntoOneRowPerBenchmark() throws IOException {
		List<Map<String, String>> rows = PerCallResults
			.convert(CsvTable.read(Path.of("src/test/resources/sample-results/jmh.csv")));
		assertThat(rows).hasSize(4);
		assertThat(rows.get(0)).containsEntry("benchmark", "unary")
			.containsEntry("via", "dialtone")
			.containsEntry("score", "9800.0")
			.containsEntry("alloc_bytes_per_op", "12200.0");
		assertThat(rows.get(2)).containsEntry("benchmark", "unaryLatency")
			.containsEntry("p50_us", "150.0")
			.containsEntry("p99_us", "900.0")
			.containsEntry("p999_us", "3000.0");
		assertThat(PerCallResults.ratioTable(rows)).contains("| unary | off | none |")
			.contains("| 0.980 |")
			.contains("| 1.07 / 1.13 / 1.20 |");
	}

	private static List<String> csv(List<Map<String, String>> rows) {
		List<String> lines = new java.util.ArrayList<>();
		lines.add(String.join(",", PerCallResults.COLUMNS));
		rows.forEach((row) -> lines.add(String.join(",",
				PerCallResults.COLUMNS.stream().map((column) -> row.getOrDefault(column, "")).toList())));
		return lines;
	}

}
