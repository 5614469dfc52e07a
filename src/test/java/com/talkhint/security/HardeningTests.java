package com.talkhint.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.talkhint.call.CallService;
import com.talkhint.testing.TwilioPlayer;
import com.talkhint.testing.TwilioSigner;
import com.talkhint.testing.UiEventsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.talkhint.testing.UiEventsClient.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * TalkHint exposed on the internet behind a proxy: the API token guards {@code /start-call}, {@code /api/**}
 * and {@code /ui/events}; Twilio's signatures are accepted for the URL variants proxies produce and refused
 * when forged; spoken card numbers and e-mails never reach storage or the browser.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:hardening;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.account-sid=AC0123456789abcdef0123456789abcdef", "talkhint.twilio.auth-token=hard-token",
		"talkhint.twilio.phone-number=+15005550006", "talkhint.twilio.agent-phone-number=+15005550001",
		"talkhint.twilio.api-base-url=http://127.0.0.1:9", "talkhint.api-token=s3cret-api-token",
		"talkhint.public-base-url=https://talkhint.example.com", "talkhint.transcription.max-lag=15s" })
class HardeningTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	/** Five digit words in a row: the start of a card, phone or social security number. */
	static final String DIGIT_RUN = "\\b(?:(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\\d+)\\s+){4}(?:zero|oh|one|two|three|four|five|six|seven|eight|nine|\\d+)\\b";

	@LocalServerPort
	int port;

	@Autowired
	CallService calls;

	final HttpClient http = HttpClient.newHttpClient();

	final JsonMapper json = JsonMapper.builder().build();

	final TwilioPlayer player = new TwilioPlayer("hard-token");

	@Test
	void apiTokenGuardsStartCallApiAndTheLiveFeed() throws Exception {
		assertThat(send("POST", "/start-call", null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/api/calls", null).statusCode()).isEqualTo(401);
		assertThat(send("GET", "/api/calls", "wrong").statusCode()).isEqualTo(401);
		HttpResponse<String> ok = send("GET", "/api/calls", "s3cret-api-token");
		assertThat(ok.statusCode()).isEqualTo(200);
		assertThat(send("GET", "/api/config", null).statusCode()).as("config holds no secret").isEqualTo(200);
		assertThat(json.readTree(send("GET", "/api/config", null).body()).get("authRequired").asBoolean()).isTrue();
		assertThatThrownBy(() -> new UiEventsClient(ws() + "/ui/events")).hasStackTraceContaining("401");
		assertThatThrownBy(() -> new UiEventsClient(ws() + "/ui/events?access_token=nope")).hasStackTraceContaining("401");
		new UiEventsClient(ws() + "/ui/events", "s3cret-api-token").close();
		new UiEventsClient(ws() + "/ui/events?access_token=s3cret-api-token").close();
	}

	@Test
	void signaturesSurviveProxyUrlVariantsButNotForgery() throws Exception {
		Map<String, String> fields = TwilioPlayer.callFields(ACCOUNT, "CA" + "4".repeat(32), "ringing", "+15005550006",
				"+15005550001");
		// Signed by Twilio over the public URL, delivered by the proxy to this port.
		assertThat(webhook("/twilio/status", fields, "https://talkhint.example.com/twilio/status", Map.of()))
			.isEqualTo(200);
		// Twilio's URL had the explicit default port, or a trailing slash the proxy stripped.
		assertThat(webhook("/twilio/status", fields, "https://talkhint.example.com:443/twilio/status", Map.of()))
			.isEqualTo(200);
		assertThat(webhook("/twilio/status", fields, "https://talkhint.example.com/twilio/status/", Map.of()))
			.isEqualTo(200);
		// A second public host the proxy announces in X-Forwarded-* (e.g. a custom domain and a platform domain).
		assertThat(webhook("/twilio/status", fields, "https://other.example.org/twilio/status",
				Map.of("X-Forwarded-Proto", "https", "X-Forwarded-Host", "other.example.org"))).isEqualTo(200);
		// Forged: another token, another path, tampered fields, replayed onto another endpoint.
		assertThat(webhook("/twilio/status", fields, null, Map.of())).isEqualTo(403);
		String signedForStatus = TwilioSigner.sign("hard-token", "https://talkhint.example.com/twilio/status", fields);
		assertThat(post("/twilio/stream-status", fields, signedForStatus, Map.of())).isEqualTo(403);
		Map<String, String> tampered = new java.util.LinkedHashMap<>(fields);
		tampered.put("CallStatus", "completed");
		assertThat(post("/twilio/status", tampered, signedForStatus, Map.of())).isEqualTo(403);
		assertThat(post("/twilio/status", fields, TwilioSigner.sign("other-token",
				"https://talkhint.example.com/twilio/status", fields), Map.of())).isEqualTo(403);
	}

	@Test
	void aForwardedPrefixDoesNotMoveRequestsOutOfTheGuardedPaths() throws Exception {
		// The API-token and signature filters match getRequestURI(). With server.forward-headers-strategy=framework,
		// Spring's ForwardedHeaderFilter prepends X-Forwarded-Prefix to it while MVC still routes the real path:
		// "/x/api/calls" passed the token check (200) and a forged "/x/twilio/status" the signature check. TalkHint
		// keeps the strategy at none and reads the forwarded headers only to rebuild the public URL (PublicUrls).
		Map<String, String> prefix = Map.of("X-Forwarded-Prefix", "/x");
		HttpRequest.Builder calls = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + "/api/calls"));
		prefix.forEach(calls::header);
		assertThat(this.http.send(calls.build(), HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(401);
		Map<String, String> fields = TwilioPlayer.callFields(ACCOUNT, "CA" + "6".repeat(32), "ringing", "+15005550006",
				"+15005550001");
		assertThat(webhook("/twilio/status", fields, null, prefix)).isEqualTo(403);
	}

	@Test
	void streamHandshakeSignedOverThePublicWssUrl() throws Exception {
		String local = ws() + "/twilio/stream";
		this.player.openStream(local, TwilioSigner.sign("hard-token", "wss://talkhint.example.com/twilio/stream", Map.of()))
			.close();
		assertThatThrownBy(() -> this.player.openStream(local,
				TwilioSigner.sign("hard-token", "https://talkhint.example.com/twilio/stream", Map.of())))
			.hasStackTraceContaining("403");
		// Signed over the URL the request itself names (Host header) is accepted too: still an HMAC with our
		// token, for a proxy that passes the public host through. Another token is refused.
		this.player.openStream(local, TwilioSigner.sign("hard-token", local, Map.of())).close();
		assertThatThrownBy(() -> this.player.openStream(local,
				TwilioSigner.sign("not-our-token", "wss://talkhint.example.com/twilio/stream", Map.of())))
			.hasStackTraceContaining("403");
	}

	@Test
	void spokenCardNumberAndEmailAreRedactedBeforeStorageAndDisplay() throws Exception {
		String callSid = "CA" + "5".repeat(32);
		this.calls.placed(callSid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		this.calls.twimlServed(callSid, "outbound", Map.of(), "wss://talkhint.example.com/twilio/stream");
		Path customer = Path.of(getClass().getResource("/audio/pii-customer.ulaw").toURI());
		Path silence = Files.createTempFile("silence", ".ulaw");
		byte[] quiet = new byte[(int) Files.size(customer)];
		java.util.Arrays.fill(quiet, (byte) 0xFF);
		Files.write(silence, quiet);
		try (UiEventsClient ui = new UiEventsClient(ws() + "/ui/events", "s3cret-api-token").subscribe(callSid)) {
			TwilioPlayer.Stream stream = this.player.openStream(ws() + "/twilio/stream",
					TwilioSigner.sign("hard-token", "wss://talkhint.example.com/twilio/stream", Map.of()));
			String streamSid = "MZ" + "5".repeat(32);
			stream.connected();
			stream.start(ACCOUNT, callSid, streamSid, "outbound");
			stream.playBothTracksPaced(streamSid, silence, customer);
			stream.stop(ACCOUNT, callSid, streamSid);
			// The summary is written once every final of the stream has been delivered.
			ui.await(Duration.ofSeconds(30), "summary", type("call.summary", callSid));
			JsonNode call = json.readTree(send("GET", "/api/calls/" + callSid, "s3cret-api-token").body());
			String stored = call.get("transcript").toString();
			// Vosk does not always hear the synthetic voice's digits as digits ("well well well…"), so the card
			// check is: no run of five digit words survives anywhere; the e-mail tag proves the path redacts.
			assertThat(stored).doesNotContainPattern(DIGIT_RUN);
			assertThat(stored).contains("[email]").doesNotContain("example dot com");
			String shown = ui.events().toString();
			assertThat(shown).doesNotContainPattern(DIGIT_RUN).doesNotContain("example dot com");
		}
	}

	private int webhook(String path, Map<String, String> fields, String signedUrl, Map<String, String> headers)
			throws Exception {
		String signature = (signedUrl != null) ? TwilioSigner.sign("hard-token", signedUrl, fields) : "Zm9yZ2Vk";
		return post(path, fields, signature, headers);
	}

	private int post(String path, Map<String, String> fields, String signature, Map<String, String> headers)
			throws Exception {
		StringBuilder body = new StringBuilder();
		fields.forEach((k, v) -> body.append(body.isEmpty() ? "" : "&").append(enc(k)).append('=').append(enc(v)));
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/x-www-form-urlencoded")
			.header("X-Twilio-Signature", signature)
			.POST(HttpRequest.BodyPublishers.ofString(body.toString()));
		headers.forEach(request::header);
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
	}

	private HttpResponse<String> send(String method, String path, String token) throws Exception {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.method(method, method.equals("POST") ? HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550100\"}")
					: HttpRequest.BodyPublishers.noBody())
			.header("Content-Type", "application/json");
		if (token != null) {
			request.header("Authorization", "Bearer " + token);
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String ws() {
		return "ws://localhost:" + this.port;
	}

	private static String enc(String value) {
		return java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8);
	}

}
