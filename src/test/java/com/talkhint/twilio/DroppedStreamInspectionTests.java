package com.talkhint.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import com.talkhint.testing.FakeTwilioApi;
import com.talkhint.testing.TwilioPlayer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A media stream that drops mid-call (the socket closes without Twilio's 'stop'): besides the stream-dropped
 * diagnostic, TalkHint asks Twilio's record of the call why, and names the stream error Twilio logged.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:dropped-stream;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.inspect-after=2s" })
class DroppedStreamInspectionTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdec";

	static final String TOKEN = "test-auth-token-dropped-stream";

	static final FakeTwilioApi twilio = FakeTwilioApi.start();

	static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	final HttpClient http = HttpClient.newHttpClient();

	final TwilioPlayer player = new TwilioPlayer(TOKEN);

	@DynamicPropertySource
	static void twilioAccount(DynamicPropertyRegistry registry) {
		twilio.registerAccount(registry, ACCOUNT, TOKEN);
	}

	@AfterAll
	static void stopTwilio() {
		twilio.close();
	}

	@Test
	void aDroppedStreamIsExplainedWithTwiliosStreamError() throws Exception {
		HttpResponse<String> created = this.http.send(HttpRequest.newBuilder(URI.create(base() + "/start-call"))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString("{\"to\": \"+14155550151\"}"))
			.build(), HttpResponse.BodyHandlers.ofString());
		assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
		String callSid = json.readTree(created.body()).get("callSid").asString();
		String url = twilio.lastCreate().first("Url");
		assertThat(this.player.webhook(base() + "/twilio/status",
				TwilioPlayer.callFields(ACCOUNT, callSid, "in-progress", "+15005550006", "+15005550001")).statusCode())
			.isEqualTo(200);
		assertThat(this.player.webhook(url, TwilioPlayer.callFields(ACCOUNT, callSid, "in-progress", "+15005550006",
				"+15005550001")).statusCode()).isEqualTo(200);
		String streamUrl = "ws://localhost:" + this.port + "/twilio/stream";
		TwilioPlayer.Stream stream = this.player.openStream(streamUrl);
		String streamSid = "MZ" + "c".repeat(32);
		stream.connected();
		stream.start(ACCOUNT, callSid, streamSid, "outbound");
		await().atMost(Duration.ofSeconds(10)).until(() -> call(callSid).path("shownStatus").asString().equals("streaming"));
		twilio.notify(callSid, 31921, "Stream - WebSocket - Close Error", streamUrl);
		stream.abort();

		await().atMost(Duration.ofSeconds(30)).until(() -> diagnostic(callSid, "stream-dropped") != null);
		await().atMost(Duration.ofSeconds(40)).until(() -> diagnostic(callSid, "twilio-error") != null);
		JsonNode error = diagnostic(callSid, "twilio-error");
		assertThat(error.path("message").asString()).contains("31921").contains(streamUrl);
		assertThat(error.path("fix").asString()).contains("https://www.twilio.com/docs/errors/31921");
	}

	private JsonNode diagnostic(String callSid, String code) throws Exception {
		for (JsonNode d : call(callSid).path("diagnostics")) {
			if (code.equals(d.path("code").asString())) {
				return d;
			}
		}
		return null;
	}

	private JsonNode call(String callSid) throws Exception {
		return json.readTree(this.http.send(HttpRequest.newBuilder(URI.create(base() + "/api/calls/" + callSid)).build(),
				HttpResponse.BodyHandlers.ofString()).body());
	}

	private String base() {
		return "http://localhost:" + this.port;
	}

}
