package com.talkhint.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

/**
 * A real HTTP server standing in for Twilio's REST API ({@code POST /2010-04-01/Accounts/{AC}/Calls.json}):
 * records exactly what TalkHint sends and answers like Twilio (201 with a Call resource, or an error).
 */
public final class FakeTwilioApi implements AutoCloseable {

	/** One recorded request: path, Basic auth user, and the form fields (repeated names kept). */
	public record Recorded(String path, String user, Map<String, List<String>> fields) {

		public String first(String name) {
			List<String> values = this.fields.get(name);
			return (values == null || values.isEmpty()) ? null : values.get(0);
		}

	}

	private final HttpServer server;

	private final List<Recorded> requests = new CopyOnWriteArrayList<>();

	private final AtomicInteger sequence = new AtomicInteger();

	private volatile int errorStatus;

	private volatile String errorBody;

	public FakeTwilioApi() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public List<Recorded> requests() {
		return this.requests;
	}

	/** Makes the next calls fail like Twilio does, e.g. 400 with code 21211. */
	public void refuseWith(int status, int code, String message) {
		this.errorStatus = status;
		this.errorBody = "{\"code\": " + code + ", \"message\": \"" + message + "\", \"more_info\": "
				+ "\"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}";
	}

	public void accept() {
		this.errorStatus = 0;
	}

	private void handle(HttpExchange exchange) throws IOException {
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		String auth = exchange.getRequestHeaders().getFirst("Authorization");
		String user = null;
		if (auth != null && auth.startsWith("Basic ")) {
			user = new String(Base64.getDecoder().decode(auth.substring(6)), StandardCharsets.UTF_8).split(":", 2)[0];
		}
		Map<String, List<String>> fields = parse(body);
		String path = exchange.getRequestURI().getPath();
		this.requests.add(new Recorded(path, user, fields));
		if (this.errorStatus != 0) {
			respond(exchange, this.errorStatus, this.errorBody);
			return;
		}
		if (!"POST".equals(exchange.getRequestMethod()) || !path.matches("/2010-04-01/Accounts/AC[0-9a-f]{32}/Calls\\.json")) {
			respond(exchange, 404, "{\"code\": 20404, \"message\": \"The requested resource was not found\", \"status\": 404}");
			return;
		}
		String sid = String.format("CA%032x", this.sequence.incrementAndGet());
		String account = path.split("/")[3];
		String json = "{\"sid\": \"" + sid + "\", \"account_sid\": \"" + account + "\", \"to\": \""
				+ fields.get("To").get(0) + "\", \"from\": \"" + fields.get("From").get(0)
				+ "\", \"status\": \"queued\", \"direction\": \"outbound-api\", \"api_version\": \"2010-04-01\", "
				+ "\"uri\": \"/2010-04-01/Accounts/" + account + "/Calls/" + sid + ".json\"}";
		respond(exchange, 201, json);
	}

	private static void respond(HttpExchange exchange, int status, String json) throws IOException {
		byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
		exchange.getResponseHeaders().add("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	private static Map<String, List<String>> parse(String body) {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String[] kv = pair.split("=", 2);
			String name = java.net.URLDecoder.decode(kv[0], StandardCharsets.UTF_8);
			String value = (kv.length > 1) ? java.net.URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "";
			fields.computeIfAbsent(name, (k) -> new ArrayList<>()).add(value);
		}
		return fields;
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

}
