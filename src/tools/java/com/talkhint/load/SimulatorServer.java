package com.talkhint.load;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.talkhint.simulator.CallRequest;
import com.talkhint.simulator.ScenarioLibrary;
import com.talkhint.simulator.SimulatorProperties;
import com.talkhint.simulator.SimulatorSettings;
import com.talkhint.simulator.TwilioApiException;
import com.talkhint.simulator.TwilioSimulator;
import tools.jackson.databind.json.JsonMapper;

/**
 * A standalone {@link TwilioSimulator} in the load driver's process behind Twilio's REST Calls API on
 * {@code http://127.0.0.1:<port>/simulator/2010-04-01/Accounts/{AC}/Calls.json} (create, fetch, hang up, Basic
 * auth): a TalkHint in real mode with {@code TWILIO_API_BASE_URL} pointed here places its calls exactly as it
 * would with Twilio, and the simulator then drives its webhooks and media stream.
 */
final class SimulatorServer implements AutoCloseable {

	/** The simulated account; any {@code AC} + 32 hex digits works, this one reads "load". */
	static final String ACCOUNT_SID = "AC" + "10ad".repeat(8);

	private static final Pattern CALLS = Pattern
		.compile("/simulator/2010-04-01/Accounts/([^/]+)/Calls(?:/([^/]+))?\\.json");

	private final JsonMapper json = JsonMapper.builder().build();

	private final String authToken;

	private final TwilioSimulator simulator;

	private final HttpServer server;

	private final ExecutorService executor;

	/**
	 * Starts the simulator and its HTTP front on 127.0.0.1.
	 * @param port 0 for any free port (the driver then starts TalkHint itself and tells it the port)
	 * @param authToken the shared auth token; {@code null} for a random one
	 * @param simulatorThreads size of the simulator's pacing scheduler
	 */
	SimulatorServer(int port, String authToken, int simulatorThreads) throws IOException {
		if (authToken == null || authToken.isBlank()) {
			byte[] token = new byte[16];
			new SecureRandom().nextBytes(token);
			authToken = HexFormat.of().formatHex(token);
		}
		this.authToken = authToken;
		SimulatorProperties defaults = SimulatorProperties.defaults();
		SimulatorProperties properties = new SimulatorProperties(defaults.enabled(), 1.0, defaults.initiatedAfter(),
				defaults.ringingAfter(), defaults.answeredAfter(), defaults.webhookTimeout(), "",
				// The app under test is another process: connect to its URLs as written, never to this server.
				false, simulatorThreads, null);
		this.simulator = new TwilioSimulator(SimulatorSettings.of(ACCOUNT_SID, this.authToken), properties,
				ScenarioLibrary.load(), Clock.systemUTC());
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 64);
		AtomicInteger threads = new AtomicInteger();
		this.executor = Executors.newFixedThreadPool(4, (task) -> {
			Thread thread = new Thread(task, "simulator-http-" + threads.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
		this.server.setExecutor(this.executor);
		this.server.createContext("/simulator/", this::handle);
		this.server.start();
	}

	TwilioSimulator simulator() {
		return this.simulator;
	}

	String authToken() {
		return this.authToken;
	}

	/** What TalkHint's {@code TWILIO_API_BASE_URL} must be. */
	String apiBaseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + "/simulator";
	}

	/** The environment of a TalkHint in real mode placing its calls through this simulator. */
	Map<String, String> talkHintEnvironment() {
		Map<String, String> env = new LinkedHashMap<>();
		env.put("TWILIO_ACCOUNT_SID", ACCOUNT_SID);
		env.put("TWILIO_AUTH_TOKEN", this.authToken);
		env.put("TWILIO_PHONE_NUMBER", "+15005550006");
		env.put("AGENT_PHONE_NUMBER", "+15005550001");
		env.put("TWILIO_API_BASE_URL", apiBaseUrl());
		return env;
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (exchange) {
			Matcher matcher = CALLS.matcher(exchange.getRequestURI().getPath());
			if (!matcher.matches()) {
				respond(exchange, 404, new TwilioError(20404, "The requested resource "
						+ exchange.getRequestURI().getPath() + " was not found", 404));
				return;
			}
			if (!authenticated(exchange, matcher.group(1))) {
				respond(exchange, 401, new TwilioError(20003, "Authenticate", 401));
				return;
			}
			String callSid = matcher.group(2);
			String method = exchange.getRequestMethod();
			Map<String, List<String>> form = form(exchange);
			try {
				if (callSid == null && method.equals("POST")) {
					CallRequest request = new CallRequest(first(form, "To"), first(form, "From"), first(form, "Url"),
							first(form, "Method"), first(form, "FallbackUrl"), first(form, "FallbackMethod"),
							first(form, "StatusCallback"), first(form, "StatusCallbackMethod"),
							form.getOrDefault("StatusCallbackEvent", List.of()), first(form, "Twiml"),
							first(form, "ApplicationSid"), null);
					respond(exchange, 201, this.simulator.create(request));
				}
				else if (callSid != null && method.equals("GET")) {
					Object call = this.simulator.fetch(callSid)
						.map(Object.class::cast)
						.orElse(new TwilioError(20404, "Call " + callSid + " was not found", 404));
					respond(exchange, (call instanceof TwilioError) ? 404 : 200, call);
				}
				else if (callSid != null && method.equals("POST")) {
					respond(exchange, 200, this.simulator.update(callSid, first(form, "Status")));
				}
				else {
					respond(exchange, 405, new TwilioError(20004, "Method not allowed: " + method, 405));
				}
			}
			catch (TwilioApiException ex) {
				respond(exchange, ex.status(), ex.body());
			}
		}
		catch (RuntimeException ex) {
			// Never let a bad request kill the server thread; answer like Twilio's 500.
			respond(exchange, 500, new TwilioError(20500, "Internal Server Error: " + ex, 500));
		}
	}

	private boolean authenticated(HttpExchange exchange, String accountSid) {
		String header = exchange.getRequestHeaders().getFirst("Authorization");
		if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
			return false;
		}
		byte[] given;
		try {
			given = Base64.getDecoder().decode(header.substring(6).trim());
		}
		catch (IllegalArgumentException ex) {
			return false;
		}
		byte[] expected = (ACCOUNT_SID + ":" + this.authToken).getBytes(StandardCharsets.UTF_8);
		return MessageDigest.isEqual(given, expected) && ACCOUNT_SID.equals(accountSid);
	}

	private static Map<String, List<String>> form(HttpExchange exchange) throws IOException {
		Map<String, List<String>> fields = new LinkedHashMap<>();
		String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
		for (String pair : body.split("&")) {
			if (pair.isEmpty()) {
				continue;
			}
			String[] kv = pair.split("=", 2);
			fields.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), (k) -> new ArrayList<>())
				.add((kv.length > 1) ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
		}
		return fields;
	}

	private static String first(Map<String, List<String>> form, String name) {
		List<String> values = form.get(name);
		return (values == null || values.isEmpty()) ? null : values.get(0);
	}

	private void respond(HttpExchange exchange, int status, Object body) throws IOException {
		byte[] bytes = this.json.writeValueAsBytes(body);
		exchange.getResponseHeaders().set("Content-Type", "application/json");
		exchange.sendResponseHeaders(status, bytes.length);
		try (OutputStream out = exchange.getResponseBody()) {
			out.write(bytes);
		}
	}

	@Override
	public void close() {
		this.simulator.close();
		this.server.stop(0);
		this.executor.shutdownNow();
	}

	/** Twilio's REST error document for refusals the simulator itself does not raise (404, 401, 405). */
	private record TwilioError(int code, String message, int status) {
	}

}
