package com.talkhint.security;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.Speaker;
import com.talkhint.call.CallRepository;
import com.talkhint.call.CallService;
import com.talkhint.testing.NodeHealth;
import com.talkhint.testing.TwilioPlayer;
import com.talkhint.testing.TwilioSigner;
import com.talkhint.transcription.TranscriptSegment;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * 10,000 random and mutated Twilio messages at {@code /twilio/stream} (valid prefixes plus garbage, wrong
 * types, huge payloads, out-of-order events) and random bodies at every HTTP endpoint, signed and unsigned.
 * The server never answers 5xx, stays healthy, and a finished call's stored record does not change.
 * Seeded, so a failure reproduces.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:fuzz;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.account-sid=AC0123456789abcdef0123456789abcdef", "talkhint.twilio.auth-token=fuzz-token",
		"talkhint.twilio.phone-number=+15005550006", "talkhint.twilio.agent-phone-number=+15005550001",
		"talkhint.twilio.api-base-url=http://127.0.0.1:9", "talkhint.calls.max-per-minute=100000",
		"talkhint.calls.max-per-day=100000" })
class FuzzTests {

	static final long SEED = 20261123L;

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	static final String[] EVENTS = { "connected", "start", "media", "stop", "mark", "dtmf", "", "MEDIA", "media " };

	@LocalServerPort
	int port;

	@Autowired
	CallService calls;

	@Autowired
	CallRepository repository;

	final HttpClient http = HttpClient.newHttpClient();

	final TwilioPlayer player = new TwilioPlayer("fuzz-token");

	@Test
	void tenThousandMutatedMediaStreamMessagesLeaveTheServerHealthyAndFinishedCallsIntact() throws Exception {
		String finished = finishedCall();
		String before = get("/api/calls/" + finished).body();
		// A live call the fuzzer may legitimately start a stream for.
		String live = "CA" + "7".repeat(32);
		this.calls.placed(live, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		this.calls.twimlServed(live, "outbound", Map.of(), "ws://localhost/twilio/stream");

		Random random = new Random(SEED);
		int sent = 0;
		int sockets = 0;
		while (sent < 10_000) {
			TwilioPlayer.Stream stream = this.player.openStream("ws://localhost:" + this.port + "/twilio/stream");
			sockets++;
			// A valid prefix half the time, so mutations also reach the streaming state.
			if (random.nextBoolean()) {
				stream.connected();
				stream.start(ACCOUNT, random.nextInt(4) == 0 ? finished : live, "MZ" + "1".repeat(32), "outbound");
				sent += 2;
			}
			for (int i = 0; i < 400 && sent < 10_000 && !stream.closed.isDone(); i++, sent++) {
				try {
					String message = mutate(random);
					if (random.nextInt(200) == 0) {
						stream.sendBinary(message.getBytes(StandardCharsets.UTF_8));
					}
					else {
						stream.send(message);
					}
				}
				catch (RuntimeException ex) {
					break; // the server closed this socket (policy): open another
				}
			}
			if (!stream.closed.isDone()) {
				if (random.nextBoolean()) {
					stream.abort();
				}
				else {
					try {
						stream.close();
					}
					catch (RuntimeException ex) {
						// already closing
					}
				}
			}
		}
		assertThat(sent).isGreaterThanOrEqualTo(10_000);
		assertThat(sockets).isGreaterThan(1);
		assertHealthy();
		assertThat(get("/api/calls/" + finished).body()).isEqualTo(before);
	}

	@Test
	void randomBodiesAtEveryEndpointNeverGive5xx() throws Exception {
		String finished = finishedCall();
		String before = get("/api/calls/" + finished).body();
		Random random = new Random(SEED + 1);
		String[] posts = { "/start-call", "/twilio/outbound", "/twilio/outbound?to=%2B14155550100", "/twilio/inbound",
				"/twilio/status", "/twilio/stream-status", "/twilio/consent", "/api/calls", "/simulator/2010-04-01/Accounts/"
						+ ACCOUNT + "/Calls.json" };
		String[] types = { "application/json", "application/x-www-form-urlencoded", "text/plain", "application/xml",
				"multipart/form-data; boundary=x", "", "application/json; charset=utf-16" };
		List<String> failures = new ArrayList<>();
		for (int i = 0; i < 600; i++) {
			String path = posts[random.nextInt(posts.length)];
			String type = types[random.nextInt(types.length)];
			byte[] body = randomBody(random);
			HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base() + path))
				.POST(HttpRequest.BodyPublishers.ofByteArray(body));
			if (!type.isEmpty()) {
				request.header("Content-Type", type);
			}
			if (path.startsWith("/twilio/") && random.nextBoolean()) {
				// Correctly signed random fields reach the controllers themselves.
				Map<String, String> fields = randomFields(random);
				String formBody = form(fields);
				request = HttpRequest.newBuilder(URI.create(base() + path))
					.header("Content-Type", "application/x-www-form-urlencoded")
					.header("X-Twilio-Signature", TwilioSigner.sign("fuzz-token", base() + path, fields))
					.POST(HttpRequest.BodyPublishers.ofString(formBody));
			}
			HttpResponse<String> response = this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
			if (response.statusCode() >= 500) {
				failures.add(path + " " + type + " → " + response.statusCode() + " " + response.body());
			}
		}
		for (int i = 0; i < 200; i++) {
			String sid = randomText(random, random.nextInt(60));
			HttpResponse<String> response = get("/api/calls/" + URLEnc.enc(sid));
			if (response.statusCode() >= 500) {
				failures.add("GET /api/calls/" + sid + " → " + response.statusCode());
			}
		}
		assertThat(failures).isEmpty();
		assertHealthy();
		assertThat(get("/api/calls/" + finished).body()).isEqualTo(before);
	}

	private String finishedCall() {
		String sid = "CA" + Long.toHexString(System.nanoTime()) + "0".repeat(32 - Long.toHexString(System.nanoTime()).length());
		sid = sid.substring(0, 34);
		if (this.repository.exists(sid)) {
			return sid;
		}
		this.calls.placed(sid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		this.calls.twimlServed(sid, "outbound", Map.of(), "ws://localhost/twilio/stream");
		this.repository.addTranscript(sid, new TranscriptSegment(Speaker.AGENT, "hello this call is recorded", 1000, 3000));
		this.repository.addTranscript(sid, new TranscriptSegment(Speaker.CUSTOMER, "the price is too high", 4000, 6000));
		this.calls.statusCallback(sid, Map.of("CallStatus", "completed"));
		return sid;
	}

	private static String mutate(Random random) {
		String event = EVENTS[random.nextInt(EVENTS.length)];
		String payload = switch (random.nextInt(6)) {
			case 0 -> Base64.getEncoder().encodeToString(new byte[160]);
			case 1 -> "***not base64***";
			case 2 -> Base64.getEncoder().encodeToString(new byte[random.nextInt(4000)]);
			case 3 -> "";
			case 4 -> "x".repeat(random.nextInt(100_000));
			default -> Base64.getEncoder().encodeToString(new byte[random.nextInt(7)]);
		};
		Object seq = random.nextBoolean() ? "\"" + random.nextInt(1000) + "\"" : random.nextInt(1000);
		Object ts = switch (random.nextInt(4)) {
			case 0 -> "\"" + random.nextInt(100000) + "\"";
			case 1 -> "-1";
			case 2 -> "{}";
			default -> "\"soon\"";
		};
		String track = switch (random.nextInt(5)) {
			case 0 -> "inbound";
			case 1 -> "outbound";
			case 2 -> "inbound_track";
			case 3 -> "";
			default -> "null";
		};
		String valid = "{\"event\":\"" + event + "\",\"sequenceNumber\":" + seq + ",\"media\":{\"track\":\"" + track
				+ "\",\"chunk\":\"1\",\"timestamp\":" + ts + ",\"payload\":\"" + payload + "\"},\"start\":{\"callSid\":"
				+ (random.nextBoolean() ? "\"CA" + "1".repeat(32) + "\"" : "42") + ",\"tracks\":[\"inbound\"]},"
				+ "\"streamSid\":\"MZ1\"}";
		return switch (random.nextInt(5)) {
			case 0 -> valid.substring(0, random.nextInt(valid.length()));
			case 1 -> valid.replace(":", random.nextBoolean() ? "::" : ":[");
			case 2 -> randomText(random, random.nextInt(300));
			case 3 -> valid.replace("\"event\"", "\"evnt\"");
			default -> valid;
		};
	}

	private static byte[] randomBody(Random random) {
		return switch (random.nextInt(4)) {
			case 0 -> randomText(random, random.nextInt(500)).getBytes(StandardCharsets.UTF_8);
			case 1 -> {
				byte[] b = new byte[random.nextInt(2000)];
				random.nextBytes(b);
				yield b;
			}
			case 2 -> ("{\"to\":" + (random.nextBoolean() ? "\"+1415555" + random.nextInt(10000) + "\"" : "[1,2]")
					+ ",\"agent\":{\"x\":1},\"scenario\":\"" + randomText(random, 20) + "\"}").getBytes(StandardCharsets.UTF_8);
			default -> form(randomFields(random)).getBytes(StandardCharsets.UTF_8);
		};
	}

	private static Map<String, String> randomFields(Random random) {
		String[] names = { "CallSid", "CallStatus", "StreamEvent", "StreamError", "From", "To", "Direction", "to",
				"StreamSid", "SequenceNumber", "CallDuration" };
		String[] values = { "CA" + "1".repeat(32), "completed", "in-progress", "stream-error", "+14155550100", "", "\u0000",
				"inbound", "x".repeat(5000), "CA" + "2".repeat(31), "ringing" };
		Map<String, String> fields = new LinkedHashMap<>();
		for (int i = random.nextInt(8); i > 0; i--) {
			fields.put(names[random.nextInt(names.length)], values[random.nextInt(values.length)]);
		}
		return fields;
	}

	private static String form(Map<String, String> fields) {
		StringBuilder sb = new StringBuilder();
		fields.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : "&").append(URLEnc.enc(k)).append('=').append(URLEnc.enc(v)));
		return sb.toString();
	}

	private static String randomText(Random random, int length) {
		StringBuilder sb = new StringBuilder(length);
		for (int i = 0; i < length; i++) {
			sb.append((char) (random.nextInt(3) == 0 ? random.nextInt(0x3000) : 32 + random.nextInt(95)));
		}
		return sb.toString();
	}

	private void assertHealthy() {
		NodeHealth.assertUp(base());
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create(base() + path)).timeout(java.time.Duration.ofSeconds(10)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

	static final class URLEnc {

		static String enc(String value) {
			return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8);
		}

	}

}
