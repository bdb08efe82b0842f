package dev.dialtone.test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * An OAuth2 token endpoint on a loopback port that grants client_credentials tokens to one client
 * (client_secret_basic or client_secret_post), as an authorization server does: each request gets
 * a new token ({@code token-1}, {@code token-2}, ...) that lives {@code expires_in} seconds. It
 * counts the requests, and can revoke a token, which a backend then no longer accepts.
 */
public final class TokenEndpoint implements AutoCloseable {

	public static final String CLIENT_ID = "greeter-client";

	public static final String CLIENT_SECRET = "client-s3cret";

	private final HttpServer server;

	private final AtomicInteger requests = new AtomicInteger();

	private final Set<String> issued = ConcurrentHashMap.newKeySet();

	private final Set<String> revoked = ConcurrentHashMap.newKeySet();

	private final long expiresIn;

	private TokenEndpoint(long expiresIn) throws IOException {
		this.expiresIn = expiresIn;
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/token", this::token);
		this.server.start();
	}

	/**
	 * @param expiresIn the lifetime, in seconds, of the tokens it grants
	 */
	public static TokenEndpoint start(long expiresIn) {
		try {
			return new TokenEndpoint(expiresIn);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not start the token endpoint", ex);
		}
	}

	public String uri() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/token";
	}

	/**
	 * The properties of a Spring Security client registration of this endpoint's client.
	 */
	public String[] registration(String id) {
		String prefix = "spring.security.oauth2.client.";
		return new String[] { prefix + "registration." + id + ".client-id=" + CLIENT_ID,
				prefix + "registration." + id + ".client-secret=" + CLIENT_SECRET,
				prefix + "registration." + id + ".authorization-grant-type=client_credentials",
				prefix + "registration." + id + ".provider=test-" + id,
				prefix + "provider.test-" + id + ".token-uri=" + uri() };
	}

	/**
	 * How many token requests it answered.
	 */
	public int requests() {
		return this.requests.get();
	}

	/**
	 * Whether the header carries a token this endpoint granted and did not revoke.
	 */
	public boolean accepts(String authorization) {
		if (authorization == null || !authorization.startsWith("Bearer ")) {
			return false;
		}
		String token = authorization.substring("Bearer ".length());
		return this.issued.contains(token) && !this.revoked.contains(token);
	}

	public void revoke(String token) {
		this.revoked.add(token);
	}

	private void token(HttpExchange exchange) throws IOException {
		try (exchange) {
			Map<String, String> form = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
			String basic = "Basic " + Base64.getEncoder()
				.encodeToString((CLIENT_ID + ":" + CLIENT_SECRET).getBytes(StandardCharsets.UTF_8));
			boolean client = basic.equals(exchange.getRequestHeaders().getFirst("Authorization"))
					|| (CLIENT_ID.equals(form.get("client_id")) && CLIENT_SECRET.equals(form.get("client_secret")));
			if (!"POST".equals(exchange.getRequestMethod()) || !client
					|| !"client_credentials".equals(form.get("grant_type"))) {
				send(exchange, 401, "{\"error\":\"invalid_client\"}");
				return;
			}
			String token = "token-" + this.requests.incrementAndGet();
			this.issued.add(token);
			send(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
					+ this.expiresIn + "}");
		}
	}

	private static Map<String, String> form(String body) {
		Map<String, String> form = new HashMap<>();
		for (String pair : body.split("&")) {
			int equals = pair.indexOf('=');
			if (equals > 0) {
				form.put(URLDecoder.decode(pair.substring(0, equals), StandardCharsets.UTF_8),
						URLDecoder.decode(pair.substring(equals + 1), StandardCharsets.UTF_8));
			}
		}
		return form;
	}

	private static void send(HttpExchange exchange, int status, String json) throws IOException {
		byte[] body = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, body.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(body);
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
