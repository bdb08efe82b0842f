package dev.dialtone.benchmarks;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.text.DecimalFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.CategoryLabelPositions;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.chart.renderer.category.MinMaxCategoryRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.data.category.DefaultCategoryDataset;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Draws the charts of docs/performance.md from the result files in {@code benchmarks/results/},
 * as PNG files in {@code docs/images/}. A result file that is absent is skipped, with a line saying
 * so; a file of the wrong shape stops it, naming the missing columns.
 * <ul>
 * <li>{@code dns-change.csv} ({@code resolver,interval,run,first_reply_ms}, from
 * {@link DnsChangeLatency}): the share of new backends that had answered, against the time since the
 * DNS change, one line per resolver and interval.</li>
 * <li>{@code percall.csv} (from {@link PerCallResults}): calls per second through Dialtone and the
 * hand-built channel, their ratio, and the latency percentiles.</li>
 * <li>{@code paired.csv} (from {@link PairedCalls}): Dialtone over the hand-built channel, measured
 * in turns, with the 95% confidence interval of the median ({@link Ratios}), and the bytes allocated
 * per call through each.</li>
 * <li>{@code paired-latency.csv} (from {@link PairedCalls}): p50, p99 and p99.9 of one call at a
 * time through each channel.</li>
 * <li>{@code footprint.csv} ({@code variant,channels,startup_ms,heap_bytes_per_channel,heap_bytes_total}):
 * heap and startup time against the number of channels, one line per variant.</li>
 * <li>{@code health.csv} ({@code variant,channels,p50_ms,p99_ms,body_bytes}): the time of
 * {@code /actuator/health} against the number of channels, one line per variant.</li>
 * </ul>
 * Arguments (all optional): {@code results=benchmarks/results images=docs/images}.
 */
public final class Charts {

	private static final int WIDTH = 900;

	private static final int HEIGHT = 520;

	private final Path results;

	private final Path images;

	private final List<Path> written = new ArrayList<>();

	Charts(Path results, Path images) {
		this.results = results;
		this.images = images;
	}

	public static void main(String[] args) throws IOException {
		Map<String, String> options = new LinkedHashMap<>();
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			options.put(pair[0], pair[1]);
		}
		// No display: JFreeChart draws into images.
		System.setProperty("java.awt.headless", "true");
		Charts charts = new Charts(Paths.get(options.getOrDefault("results", "benchmarks/results")),
				Paths.get(options.getOrDefault("images", "docs/images")));
		charts.drawAll();
		charts.written.forEach((path) -> System.out.println("Wrote " + path));
	}

	/**
	 * @return the files written
	 */
	List<Path> drawAll() throws IOException {
		Files.createDirectories(this.images);
		CsvTable dns = table("dns-change.csv", "resolver", "interval", "run", "first_reply_ms");
		if (dns != null) {
			dnsChange(dns);
		}
		CsvTable perCall = table("percall.csv", PerCallResults.COLUMNS.toArray(String[]::new));
		if (perCall != null) {
			perCall(perCall);
		}
		CsvTable paired = table("paired.csv", PairedCalls.COLUMNS.toArray(String[]::new));
		if (paired != null) {
			paired(paired);
		}
		CsvTable pairedLatency = table("paired-latency.csv", PairedCalls.LATENCY_COLUMNS.toArray(String[]::new));
		if (pairedLatency != null) {
			pairedLatency(pairedLatency);
		}
		CsvTable footprint = table("footprint.csv", "variant", "channels", "startup_ms", "heap_bytes_per_channel",
				"heap_bytes_total");
		if (footprint != null) {
			byChannels(footprint, "footprint-heap.png", "Heap after startup against channel count", "heap, MB",
					Map.of("heap_bytes_total", ""), 1.0 / (1024 * 1024));
			byChannels(footprint, "footprint-startup.png", "Startup time against channel count", "startup, ms",
					Map.of("startup_ms", ""), 1);
		}
		CsvTable health = table("health.csv", "variant", "channels", "p50_ms", "p99_ms", "body_bytes");
		if (health != null) {
			Map<String, String> columns = new LinkedHashMap<>();
			columns.put("p50_ms", "p50");
			columns.put("p99_ms", "p99");
			byChannels(health, "health-latency.png", "/actuator/health latency against channel count", "ms", columns, 1);
		}
		return List.copyOf(this.written);
	}

	private CsvTable table(String name, String... columns) throws IOException {
		Path file = this.results.resolve(name);
		if (!Files.isRegularFile(file)) {
			System.out.println("Skipped " + name + ": no " + file);
			return null;
		}
		try {
			return CsvTable.read(file).require(columns);
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException(file + ": " + ex.getMessage(), ex);
		}
	}

	/**
	 * The share of new backends that had answered their first call, against the time since the
	 * change: a step line per resolver and interval, reaching 1 where every new backend of every run
	 * answered.
	 */
	private void dnsChange(CsvTable table) throws IOException {
		Map<String, List<Double>> series = new LinkedHashMap<>();
		for (Map<String, String> row : table.rows()) {
			String name = row.get("resolver") + (row.get("interval").isEmpty() ? "" : ", " + row.get("interval"));
			series.computeIfAbsent(name, (key) -> new ArrayList<>()).add(Double.parseDouble(row.get("first_reply_ms")));
		}
		XYSeriesCollection dataset = new XYSeriesCollection();
		series.forEach((name, millis) -> {
			Collections.sort(millis);
			XYSeries line = new XYSeries(name + " (" + millis.size() + " replies)");
			line.add(0, 0);
			for (int i = 0; i < millis.size(); i++) {
				line.add(millis.get(i).doubleValue(), (i + 1) / (double) millis.size());
			}
			dataset.addSeries(line);
		});
		JFreeChart chart = ChartFactory.createXYStepChart("DNS change to the first reply from each new backend",
				"ms since the DNS answer changed", "share of the new backends that have answered", dataset,
				PlotOrientation.VERTICAL, true, false, false);
		XYPlot plot = chart.getXYPlot();
		XYStepRenderer renderer = new XYStepRenderer();
		for (int i = 0; i < dataset.getSeriesCount(); i++) {
			renderer.setSeriesStroke(i, new BasicStroke(2f));
		}
		plot.setRenderer(renderer);
		// The step chart's own domain axis reads milliseconds as dates.
		plot.setDomainAxis(new NumberAxis("ms since the DNS answer changed"));
		NumberAxis share = new NumberAxis("share of the new backends that have answered");
		share.setRange(0, 1.02);
		share.setTickUnit(new NumberTickUnit(0.1));
		plot.setRangeAxis(share);
		save(chart, "dns-change.png");
	}

	private void perCall(CsvTable table) throws IOException {
		DefaultCategoryDataset unary = new DefaultCategoryDataset();
		DefaultCategoryDataset stream = new DefaultCategoryDataset();
		DefaultCategoryDataset ratio = new DefaultCategoryDataset();
		DefaultCategoryDataset latency = new DefaultCategoryDataset();
		DefaultCategoryDataset bytes = new DefaultCategoryDataset();
		for (Map<String, String> row : table.rows()) {
			String variant = "observations " + row.get("observations") + ", " + row.get("policy");
			String via = "dialtone".equals(row.get("via")) ? "Dialtone" : "hand-built";
			double score = PerCallResults.number(row, "score");
			switch (row.get("benchmark")) {
				case "unary" -> {
					unary.addValue(score, via, variant);
					bytes.addValue(PerCallResults.number(row, "alloc_bytes_per_op"), via, variant);
				}
				case "stream" -> stream.addValue(score, via, variant);
				case "unaryLatency" -> {
					latency.addValue(PerCallResults.number(row, "p50_us"), via + " p50", variant);
					latency.addValue(PerCallResults.number(row, "p99_us"), via + " p99", variant);
				}
				default -> {
				}
			}
		}
		for (DefaultCategoryDataset throughput : List.of(unary, stream)) {
			String call = (throughput == unary) ? "unary" : "server-streaming";
			for (Object variant : throughput.getColumnKeys()) {
				Number dialtone = value(throughput, "Dialtone", (Comparable<?>) variant);
				Number handBuilt = value(throughput, "hand-built", (Comparable<?>) variant);
				if (dialtone != null && handBuilt != null) {
					ratio.addValue(dialtone.doubleValue() / handBuilt.doubleValue(), call, (Comparable<?>) variant);
				}
			}
		}
		bars(unary, "percall-unary.png", "Unary calls per second, 64 in flight", "calls/s", null);
		bars(stream, "percall-stream.png",
				"Server-streaming calls (" + CallSetup.STREAM_MESSAGES + " replies) per second, 64 in flight",
				"calls/s", null);
		bars(ratio, "percall-ratio.png", "Throughput of Dialtone / the hand-built channel (goal: 0.98 or more)",
				"ratio", 0.98);
		bars(latency, "percall-latency.png", "Latency of one unary call at a time", "µs", null);
		bars(bytes, "percall-bytes.png", "Bytes allocated per unary call (client and server, JMH -prof gc)", "bytes",
				null);
	}

	/**
	 * Dialtone over the hand-built channel from {@link PairedCalls}: per variant and mode, the median
	 * of the pairs of rounds and its 95% confidence interval, joined by a line, beside the goal.
	 */
	private void paired(CsvTable table) throws IOException {
		DefaultCategoryDataset dataset = new DefaultCategoryDataset();
		DefaultCategoryDataset bytes = new DefaultCategoryDataset();
		for (Ratios ratios : Ratios.of(table)) {
			String category = ratios.mode() + ", obs. " + ratios.observations() + ", " + ratios.policy();
			bytes.addValue(ratios.dialtoneBytes(), "Dialtone", category);
			bytes.addValue(ratios.handBuiltBytes(), "hand-built", category);
			dataset.addValue(ratios.low(), "95% CI, low", category);
			dataset.addValue(ratios.median(), "median of the pairs of rounds", category);
			dataset.addValue(ratios.high(), "95% CI, high", category);
		}
		JFreeChart chart = ChartFactory.createLineChart(
				"Dialtone / hand-built, measured in turns in one JVM (goal: 0.98 or more)", null,
				"ratio (1 = no cost)", dataset, PlotOrientation.VERTICAL, true, false, false);
		CategoryPlot plot = chart.getCategoryPlot();
		MinMaxCategoryRenderer renderer = new MinMaxCategoryRenderer();
		renderer.setDrawLines(false);
		plot.setRenderer(renderer);
		plot.getDomainAxis().setCategoryLabelPositions(CategoryLabelPositions.UP_45);
		plot.addRangeMarker(new ValueMarker(0.98, Color.RED, new BasicStroke(1.5f)));
		plot.addRangeMarker(new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f)));
		double lowest = 0.98;
		double highest = 1.0;
		for (int c = 0; c < dataset.getColumnCount(); c++) {
			lowest = Math.min(lowest, dataset.getValue(0, c).doubleValue());
			highest = Math.max(highest, dataset.getValue(2, c).doubleValue());
		}
		plot.getRangeAxis().setRange(lowest - 0.02, highest + 0.02);
		save(chart, "percall-paired.png");
		bars(bytes, "percall-paired-bytes.png",
				"Bytes allocated per call, all threads (client, backend, Spring), median of the rounds", "bytes", null);
	}

	/**
	 * The one-at-a-time percentiles from {@link PairedCalls}, Dialtone beside the hand-built channel:
	 * the median over the JVMs of each.
	 */
	private void pairedLatency(CsvTable table) throws IOException {
		DefaultCategoryDataset dataset = new DefaultCategoryDataset();
		String[] names = { "p50", "p99", "p99.9" };
		Ratios.latencies(table).forEach((variant, sides) -> sides.forEach((via, percentiles) -> {
			for (int i = 0; i < names.length; i++) {
				dataset.addValue(percentiles[i], ("dialtone".equals(via) ? "Dialtone " : "hand-built ") + names[i],
						"obs. " + variant.get(0) + ", " + variant.get(1));
			}
		}));
		bars(dataset, "percall-paired-latency.png", "One unary call at a time: p50, p99 and p99.9 (median of the JVMs)",
				"µs", null);
	}

	private static Number value(DefaultCategoryDataset dataset, Comparable<?> row, Comparable<?> column) {
		if (dataset.getRowIndex(row) < 0 || dataset.getColumnIndex(column) < 0) {
			return null;
		}
		return dataset.getValue(row, column);
	}

	private void bars(DefaultCategoryDataset dataset, String file, String title, String unit, Double marker)
			throws IOException {
		if (dataset.getColumnCount() == 0) {
			System.out.println("Skipped " + file + ": no rows for it");
			return;
		}
		JFreeChart chart = ChartFactory.createBarChart(title, null, unit, dataset, PlotOrientation.VERTICAL, true,
				false, false);
		CategoryPlot plot = chart.getCategoryPlot();
		if ("µs".equals(unit)) {
			// Percentiles lie orders of magnitude apart: p50 would not show on a linear axis.
			LogAxis logarithmic = new LogAxis("µs, log scale");
			logarithmic.setSmallestValue(10);
			logarithmic.setNumberFormatOverride(new DecimalFormat("#,##0"));
			logarithmic.setTickUnit(new NumberTickUnit(1));
			plot.setRangeAxis(logarithmic);
			((BarRenderer) plot.getRenderer()).setBase(10);
		}
		CategoryAxis axis = plot.getDomainAxis();
		axis.setCategoryLabelPositions(CategoryLabelPositions.UP_45);
		if (marker != null) {
			ValueMarker goal = new ValueMarker(marker, Color.RED, new BasicStroke(1.5f));
			plot.addRangeMarker(goal);
			ValueMarker parity = new ValueMarker(1.0, Color.GRAY, new BasicStroke(1f));
			plot.addRangeMarker(parity);
			// Differences of a few percent are what matters here: start the axis near them.
			double lowest = 1.0;
			double highest = 1.0;
			for (int r = 0; r < dataset.getRowCount(); r++) {
				for (int c = 0; c < dataset.getColumnCount(); c++) {
					Number value = dataset.getValue(r, c);
					if (value != null) {
						lowest = Math.min(lowest, value.doubleValue());
						highest = Math.max(highest, value.doubleValue());
					}
				}
			}
			plot.getRangeAxis().setRange(Math.max(0, Math.min(0.9, lowest - 0.05)), Math.max(1.1, highest + 0.05));
		}
		save(chart, file);
	}

	/**
	 * Lines against the number of channels, one per variant and column.
	 * @param columns the columns drawn, to the suffix of their series' names
	 * @param scale what each value is multiplied by
	 */
	private void byChannels(CsvTable table, String file, String title, String unit, Map<String, String> columns,
			double scale) throws IOException {
		List<Map<String, String>> rows = new ArrayList<>(table.rows());
		rows.sort((a, b) -> Integer.compare(Integer.parseInt(a.get("channels")), Integer.parseInt(b.get("channels"))));
		DefaultCategoryDataset dataset = new DefaultCategoryDataset();
		for (Map<String, String> row : rows) {
			columns.forEach((column, suffix) -> {
				String series = row.get("variant") + (suffix.isEmpty() ? "" : " " + suffix);
				dataset.addValue(Double.parseDouble(row.get(column)) * scale, series, Integer.valueOf(row.get("channels")));
			});
		}
		JFreeChart chart = ChartFactory.createLineChart(title, "channels", unit, dataset, PlotOrientation.VERTICAL,
				true, false, false);
		LineAndShapeRenderer renderer = (LineAndShapeRenderer) chart.getCategoryPlot().getRenderer();
		renderer.setDefaultShapesVisible(true);
		for (int i = 0; i < dataset.getRowCount(); i++) {
			renderer.setSeriesStroke(i, new BasicStroke(2f));
		}
		save(chart, file);
	}

	private void save(JFreeChart chart, String file) throws IOException {
		chart.setBackgroundPaint(Color.WHITE);
		chart.getPlot().setBackgroundPaint(Color.WHITE);
		if (chart.getPlot() instanceof CategoryPlot plot) {
			plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
		}
		if (chart.getPlot() instanceof XYPlot plot) {
			plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
			plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
		}
		Path path = this.images.resolve(file);
		ChartUtils.saveChartAsPNG(path.toFile(), chart, WIDTH, HEIGHT);
		this.written.add(path);
	}

}
