package dev.dialtone.benchmarks;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import dev.dialtone.test.TestDnsServer;

/**
 * {@code GET /actuator/health} over HTTP, as a monitoring system asks it: the application with N
 * idle channels serves Spring MVC on Tomcat on loopback, and one client asks one request after the
 * other on a kept-alive HTTP/1.1 connection, timing each from sending the request to having read
 * the whole body. Each count runs in a fresh application context in this JVM, after a warm-up of
 * its own.
 * <p>
 * Arguments (all optional): {@code counts=1,100,1000 warmup=1000 requests=2000
 * show-details=always show-components= path=/actuator/health}, and
 * {@code csv=benchmarks/results/health.csv variant=after} to write one row per count to that file
 * (see {@link CsvRows}). {@code show-components} empty leaves it to Spring Boot (which then
 * follows {@code show-details}).
 */
public final class HealthOverHttp {

	private HealthOverHttp() {
	}

	public static void main(String[] args) throws Exception {
		String counts = "1,100,1000";
		int warmup = 1000;
		int requests = 2000;
		String showDetails = "always";
		String showComponents = "";
		String path = "/actuator/health";
		Path csv = null;
		String variant = null;
		for (String arg : args) {
			String[] pair = arg.split("=", 2);
			String value = (pair.length > 1) ? pair[1] : "";
			switch (pair[0]) {
				case "counts" -> counts = value;
				case "warmup" -> warmup = Integer.parseInt(value);
				case "requests" -> requests = Integer.parseInt(value);
				case "show-details" -> showDetails = value;
				case "show-components" -> showComponents = value;
				case "path" -> path = value;
				case "csv" -> csv = Path.of(value);
				case "variant" -> variant = value;
				default -> throw new IllegalArgumentException("Unknown argument " + arg + "; known: counts=, warmup=, "
						+ "requests=, show-details=, show-components=, path=, csv=, variant=");
			}
		}
		if ((csv == null) != (variant == null)) {
			throw new IllegalArgumentException("csv= and variant= go together");
		}
		System.out.println("show-details=" + showDetails + " show-components="
				+ (showComponents.isEmpty() ? "(Spring Boot's default)" : showComponents) + ", " + warmup
				+ " warm-up and " + requests + " measured requests of " + path + " per count");
		List<String> rows = new ArrayList<>();
		System.out.println("| channels | median, ms | p99, ms | max, ms | body, bytes |");
		System.out.println("|---|---|---|---|---|");
		HttpClient client = HttpClient.newBuilder()
			.version(HttpClient.Version.HTTP_1_1)
			.connectTimeout(Duration.ofSeconds(10))
			.build();
		try (LoopbackGreeters greeters = LoopbackGreeters.start(3); TestDnsServer dns = new TestDnsServer()) {
			dns.setA(Channels.NAME, 60, greeters.hosts());
			for (String count : counts.split(",")) {
				int channels = Integer.parseInt(count);
				Map<String, Object> properties = Channels.properties(channels, greeters, dns.port());
				properties.put("server.port", "0");
				properties.put("server.address", "127.0.0.1");
				properties.put("management.endpoints.web.exposure.include", "health");
				properties.put("management.endpoint.health.show-details", showDetails);
				if (!showComponents.isEmpty()) {
					properties.put("management.endpoint.health.show-components", showComponents);
				}
				try (ConfigurableApplicationContext context = BenchmarkApplication.run(WebApplicationType.SERVLET,
						properties)) {
					int port = ((WebServerApplicationContext) context).getWebServer().getPort();
					HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
						.timeout(Duration.ofSeconds(30))
						.build();
					for (int i = 0; i < warmup; i++) {
						get(client, request);
					}
					long[] nanos = new long[requests];
					int bytes = 0;
					for (int i = 0; i < requests; i++) {
						long start = System.nanoTime();
						bytes = get(client, request).length;
						nanos[i] = System.nanoTime() - start;
					}
					java.util.Arrays.sort(nanos);
					double p50 = millis(rank(nanos, 0.50));
					double p99 = millis(rank(nanos, 0.99));
					System.out.println("| " + channels + " | " + format(p50) + " | " + format(p99) + " | "
							+ format(millis(nanos[nanos.length - 1])) + " | " + bytes + " |");
					rows.add(variant + "," + channels + "," + format(p50) + "," + format(p99) + "," + bytes);
				}
			}
		}
		if (csv != null) {
			CsvRows.write(csv, "variant,channels,p50_ms,p99_ms,body_bytes", rows);
		}
	}

	private static byte[] get(HttpClient client, HttpRequest request) throws Exception {
		HttpResponse<byte[]> response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
		// 503 is a health answer too (a channel DOWN); anything else means the harness is wrong.
		if (response.statusCode() != 200 && response.statusCode() != 503) {
			throw new IllegalStateException(request.uri() + " answered " + response.statusCode());
		}
		return response.body();
	}

	// Nearest rank, as Stats does: the value at or below which the quantile of samples lies.
	private static long rank(long[] sorted, double quantile) {
		int rank = (int) Math.ceil(quantile * sorted.length);
		return sorted[Math.max(rank, 1) - 1];
	}

	private static double millis(long nanos) {
		return nanos / 1_000_000.0;
	}

	private static String format(double millis) {
		return String.format(java.util.Locale.ROOT, "%.2f", millis);
	}

}
