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

	/** Per call sid: the Call resource's status as Twilio would report it now, and its notifications' JSON. */
	private final Map<String, String> statuses = new java.util.concurrent.ConcurrentHashMap<>();

	private final Map<String, List<String>> notifications = new java.util.concurrent.ConcurrentHashMap<>();

	private final Map<String, String> calls = new java.util.concurrent.ConcurrentHashMap<>();

	/** The account as Twilio's API describes it, and its numbers. */
	private volatile String accountType = "Full";

	private final List<String> ownedNumbers = new CopyOnWriteArrayList<>();

	private final List<String> verifiedNumbers = new CopyOnWriteArrayList<>();

	private volatile int errorStatus;

	private volatile String errorBody;

	public FakeTwilioApi() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.server.createContext("/", this::handle);
		this.server.start();
	}

	/** A fake listening on a free local port (for a static field of a test class). */
	public static FakeTwilioApi start() {
		try {
			return new FakeTwilioApi();
		}
		catch (IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	/**
	 * Real mode against this fake: the account, its token, the caller number +15005550006 and the agent's phone
	 * +15005550001, with the REST API pointed here.
	 */
	public void registerAccount(org.springframework.test.context.DynamicPropertyRegistry registry, String accountSid,
			String authToken) {
		registry.add("talkhint.twilio.account-sid", () -> accountSid);
		registry.add("talkhint.twilio.auth-token", () -> authToken);
		registry.add("talkhint.twilio.phone-number", () -> "+15005550006");
		registry.add("talkhint.twilio.agent-phone-number", () -> "+15005550001");
		registry.add("talkhint.twilio.api-base-url", this::baseUrl);
	}

	public String baseUrl() {
		return "http://127.0.0.1:" + this.server.getAddress().getPort();
	}

	public List<Recorded> requests() {
		return this.requests;
	}

	/** The calls created ({@code POST …/Calls.json}), oldest first, without TalkHint's later reads of them. */
	public List<Recorded> creates() {
		return this.requests.stream().filter((r) -> r.path().endsWith("/Calls.json")).toList();
	}

	/** The last call created ({@code POST …/Calls.json}); reads of calls TalkHint makes later are not counted. */
	public Recorded lastCreate() {
		for (int i = this.requests.size() - 1; i >= 0; i--) {
			if (this.requests.get(i).path().endsWith("/Calls.json")) {
				return this.requests.get(i);
			}
		}
		throw new IllegalStateException("no call was created");
	}

	/** Makes the next calls fail like Twilio does, e.g. 400 with code 21211. */
	public void refuseWith(int status, int code, String message) {
		this.errorStatus = status;
		this.errorBody = "{\"code\": " + code + ", \"message\": \"" + message + "\", \"more_info\": "
				+ "\"https://www.twilio.com/docs/errors/" + code + "\", \"status\": " + status + "}";
	}

	/** "Trial" or "Full". */
	public void accountType(String type) {
		this.accountType = type;
	}

	/** A full account with no numbers, as at the start. */
	public void resetAccount() {
		this.accountType = "Full";
		this.ownedNumbers.clear();
		this.verifiedNumbers.clear();
	}

	/** Numbers the account owns (IncomingPhoneNumbers). */
	public void owns(String number) {
		this.ownedNumbers.add(number);
	}

	/** Verified caller ids (OutgoingCallerIds). */
	public void verified(String number) {
		this.verifiedNumbers.add(number);
	}

	/** What Twilio's record of {@code callSid} says from now on (queued until set). */
	public void callStatus(String callSid, String status) {
		this.statuses.put(callSid, status);
	}

	/**
	 * Adds a notification to the call as Twilio's debugger logs it: {@code message_text} form-encoded, the URL
	 * Twilio requested, log 0 (error).
	 */
	public void notify(String callSid, int code, String message, String url) {
		String account = this.calls.getOrDefault(callSid, "AC" + "0".repeat(32));
		String sid = String.format("NO%032x", this.sequence.incrementAndGet());
		String text = "Msg=" + enc(message) + "&sourceComponent=12000&ErrorCode=" + code + "&LogLevel=ERROR&url=" + enc(url);
		this.notifications.computeIfAbsent(callSid, (k) -> new CopyOnWriteArrayList<>())
			.add("{\"sid\": \"" + sid + "\", \"account_sid\": \"" + account + "\", \"call_sid\": \"" + callSid
					+ "\", \"api_version\": \"2008-08-01\", \"error_code\": \"" + code + "\", \"log\": \"0\", "
					+ "\"date_created\": \"Thu, 03 Dec 2026 06:00:00 +0000\", \"date_updated\": \"Thu, 03 Dec 2026 06:00:00 +0000\", "
					+ "\"message_date\": \"Thu, 03 Dec 2026 06:00:00 +0000\", \"message_text\": \"" + text + "\", "
					+ "\"more_info\": \"https://www.twilio.com/docs/errors/" + code + "\", \"request_method\": \"POST\", "
					+ "\"request_url\": \"" + url + "\", \"uri\": \"/2010-04-01/Accounts/" + account + "/Calls/" + callSid
					+ "/Notifications/" + sid + ".json\"}");
	}

	/** GET requests TalkHint made for the records of {@code callSid} (Call and Notifications). */
	public long readsOf(String callSid) {
		return this.requests.stream().filter((r) -> r.path().contains("/Calls/" + callSid)).count();
	}

	private static String enc(String value) {
		return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
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
		if ("GET".equals(exchange.getRequestMethod()) && account(exchange, path)) {
			return;
		}
		java.util.regex.Matcher read = java.util.regex.Pattern
			.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})/Calls/(CA[0-9a-f]{32})(/Notifications)?\\.json")
			.matcher(path);
		if ("GET".equals(exchange.getRequestMethod()) && read.matches()) {
			String callSid = read.group(2);
			if (!this.calls.containsKey(callSid)) {
				respond(exchange, 404, "{\"code\": 20404, \"message\": \"The requested resource " + path
						+ " was not found\", \"more_info\": \"https://www.twilio.com/docs/errors/20404\", \"status\": 404}");
			}
			else if (read.group(3) != null) {
				String listUri = path;
				respond(exchange, 200, "{\"notifications\": [" + String.join(", ", this.notifications.getOrDefault(callSid, List.of()))
						+ "], \"page\": 0, \"page_size\": 50, \"start\": 0, \"end\": 0, \"uri\": \"" + listUri
						+ "\", \"first_page_uri\": \"" + listUri + "\", \"next_page_uri\": null, \"previous_page_uri\": null}");
			}
			else {
				String status = this.statuses.getOrDefault(callSid, "queued");
				respond(exchange, 200, "{\"sid\": \"" + callSid + "\", \"account_sid\": \"" + read.group(1) + "\", \"status\": \""
						+ status + "\", \"duration\": " + ("completed".equals(status) ? "\"0\"" : "null")
						+ ", \"answered_by\": null, \"direction\": \"outbound-api\", \"api_version\": \"2010-04-01\", \"uri\": \""
						+ path + "\"}");
			}
			return;
		}
		if (!"POST".equals(exchange.getRequestMethod()) || !path.matches("/2010-04-01/Accounts/AC[0-9a-f]{32}/Calls\\.json")) {
			respond(exchange, 404, "{\"code\": 20404, \"message\": \"The requested resource was not found\", \"status\": 404}");
			return;
		}
		String sid = String.format("CA%032x", this.sequence.incrementAndGet());
		String account = path.split("/")[3];
		this.calls.put(sid, account);
		String json = "{\"sid\": \"" + sid + "\", \"account_sid\": \"" + account + "\", \"to\": \""
				+ fields.get("To").get(0) + "\", \"from\": \"" + fields.get("From").get(0)
				+ "\", \"status\": \"queued\", \"direction\": \"outbound-api\", \"api_version\": \"2010-04-01\", "
				+ "\"uri\": \"/2010-04-01/Accounts/" + account + "/Calls/" + sid + ".json\"}";
		respond(exchange, 201, json);
	}

	/** The Account, IncomingPhoneNumbers and OutgoingCallerIds reads; false for any other path. */
	private boolean account(HttpExchange exchange, String path) throws IOException {
		java.util.regex.Matcher m = java.util.regex.Pattern
			.compile("/2010-04-01/Accounts/(AC[0-9a-f]{32})(\\.json|/IncomingPhoneNumbers\\.json|/OutgoingCallerIds\\.json)")
			.matcher(path);
		if (!m.matches()) {
			return false;
		}
		String account = m.group(1);
		if (m.group(2).equals(".json")) {
			respond(exchange, 200, "{\"sid\": \"" + account + "\", \"owner_account_sid\": \"" + account
					+ "\", \"friendly_name\": \"My first Twilio account\", \"status\": \"active\", \"type\": \""
					+ this.accountType + "\", \"uri\": \"" + path + "\"}");
			return true;
		}
		String query = exchange.getRequestURI().getRawQuery();
		String wanted = (query != null) ? parse(query).getOrDefault("PhoneNumber", List.of()).stream().findFirst().orElse(null) : null;
		boolean incoming = m.group(2).contains("Incoming");
		List<String> numbers = (incoming ? this.ownedNumbers : this.verifiedNumbers).stream()
			.filter((n) -> wanted == null || wanted.equals(n))
			.map((n) -> "{\"sid\": \"" + (incoming ? "PN" : "PN") + "0".repeat(22) + Math.abs(n.hashCode() % 10_000_000_000L)
					+ "\", \"account_sid\": \"" + account + "\", \"phone_number\": \"" + n + "\", \"friendly_name\": \"" + n
					+ "\"" + (incoming ? ", \"capabilities\": {\"voice\": true, \"sms\": true, \"mms\": false, \"fax\": false}" : "")
					+ "}")
			.toList();
		String key = incoming ? "incoming_phone_numbers" : "outgoing_caller_ids";
		respond(exchange, 200, "{\"" + key + "\": [" + String.join(", ", numbers) + "], \"page\": 0, \"page_size\": 50, "
				+ "\"start\": 0, \"end\": 0, \"uri\": \"" + path + "\", \"first_page_uri\": \"" + path
				+ "\", \"next_page_uri\": null, \"previous_page_uri\": null}");
		return true;
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
