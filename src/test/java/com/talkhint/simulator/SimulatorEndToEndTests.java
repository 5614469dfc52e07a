package com.talkhint.simulator;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import com.talkhint.TalkHintApplication;
import com.talkhint.testing.UiEventsClient;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.talkhint.testing.UiEventsClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Simulator mode end to end: no Twilio account, one {@code POST /start-call}, and the built-in simulator
 * drives the whole real app (REST client, signed webhooks with the per-process random token, TwiML,
 * {@code /twilio/stream}) until the call is completed. Media runs at 4× so the 28 s scenario takes 7 s.
 */
@SpringBootTest(classes = TalkHintApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
		properties = { "spring.datasource.url=jdbc:h2:mem:simulator-e2e;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
				"talkhint.twilio.account-sid=", "talkhint.twilio.auth-token=", "talkhint.public-base-url=",
				"talkhint.api-token=", "talkhint.simulator.speed=4",
		// Played 4x faster than real time: let recognition queue up instead of dropping audio to catch up.
		"talkhint.transcription.max-lag=120s" })
class SimulatorEndToEndTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	TwilioSimulator simulator;

	final HttpClient http = HttpClient.newHttpClient();

	@Test
	void oneStartCallRunsAWholeCallThroughTheRealCodePath() throws Exception {
		try (UiEventsClient ui = new UiEventsClient("ws://localhost:" + this.port + "/ui/events")) {
			HttpResponse<String> created = post("/start-call", "{\"to\": \"+14155550100\", \"scenario\": \"support\"}");
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String callSid = json.readTree(created.body()).get("callSid").asString();
			assertThat(callSid).matches("CA[0-9a-f]{32}");
			// The simulator answers (and fetches the TwiML) 3 s after the create: long after this.
			ui.subscribe(callSid);

			ui.await(Duration.ofSeconds(10), "TwiML fetched", twilioEvent(callSid, "twiml-fetched"));
			ui.await(Duration.ofSeconds(10), "stream start", twilioEvent(callSid, "start"));
			JsonNode inbound = ui.await(Duration.ofSeconds(10), "first inbound frame",
					(e) -> twilioEvent(callSid, "media").test(e) && "inbound".equals(e.path("data").path("track").asString()));
			JsonNode outbound = ui.await(Duration.ofSeconds(10), "first outbound frame",
					(e) -> twilioEvent(callSid, "media").test(e) && "outbound".equals(e.path("data").path("track").asString()));
			assertThat(inbound.path("data").path("speaker").asString()).isEqualTo("agent");
			assertThat(outbound.path("data").path("speaker").asString()).isEqualTo("customer");
			// 28.2 s of conversation at 4× speed.
			ui.await(Duration.ofSeconds(30), "completed", (e) -> type("call.status", callSid).test(e)
					&& "completed".equals(e.path("data").path("status").asString()));
			assertThat(this.simulator.whenEnded(callSid).get()).isEqualTo("completed");
			// The socket's own events race the HTTP callbacks (stop/close arrive on another thread): wait for them.
			ui.await(Duration.ofSeconds(10), "stop", twilioEvent(callSid, "stop"));
			ui.await(Duration.ofSeconds(10), "closed", twilioEvent(callSid, "closed"));

			assertThat(ui.events().stream().filter(type("call.status", callSid))
				.map((e) -> e.path("data").path("status").asString())
				.toList()).containsSubsequence("queued", "ringing", "in-progress", "streaming", "completed");
			List<String> twilioEvents = ui.events().stream().filter(type("twilio.event", callSid))
				.map((e) -> e.path("data").path("event").asString())
				.toList();
			assertThat(twilioEvents).contains("twiml-fetched", "start", "stream-started", "stop", "closed",
					"stream-stopped");
			assertThat(twilioEvents).doesNotContain("stream-error");
			// Every webhook passed the app's signature check, and nothing Twilio would have refused happened.
			assertThat(this.simulator.notifications(callSid)).isEmpty();
			assertThat(ui.events().stream().filter(type("diagnostic", callSid))).isEmpty();

			JsonNode stored = json.readTree(get("/api/calls/" + callSid));
			assertThat(stored.get("status").asString()).isEqualTo("completed");
		}
	}

	@Test
	void anUnknownScenarioIsABadRequestThatNamesTheAvailableOnes() throws Exception {
		HttpResponse<String> response = post("/start-call", "{\"to\": \"+14155550100\", \"scenario\": \"sales\"}");

		assertThat(response.statusCode()).isEqualTo(400);
		assertThat(json.readTree(response.body()).get("error").asString())
			.isEqualTo("Unknown scenario 'sales'; available: discovery, support, renewal, onboarding");
	}

	@Test
	void apiConfigListsTheScenarios() throws Exception {
		JsonNode config = json.readTree(get("/api/config"));

		assertThat(config.get("mode").asString()).isEqualTo("simulator");
		assertThat(config.get("scenarios").valueStream().map((s) -> s.get("id").asString()))
			.containsExactly("discovery", "support", "renewal", "onboarding");
	}

	/** The page shows the server's words and numbers: status labels and steps, the playbook's thresholds. */
	@Test
	void apiConfigServesTheVocabularyThePageShows() throws Exception {
		JsonNode config = json.readTree(get("/api/config"));

		JsonNode statuses = config.get("statuses");
		assertThat(statuses.get("in-progress").get("label").asString()).isEqualTo("Connected");
		assertThat(statuses.get("streaming").get("step").asString()).isEqualTo("streaming");
		assertThat(statuses.get("no-answer").get("label").asString()).isEqualTo("No answer");
		assertThat(statuses.get("no-answer").path("step").isMissingNode() || statuses.get("no-answer").get("step").isNull())
			.isTrue();
		JsonNode coaching = config.get("coaching");
		assertThat(coaching.get("talkRatioLimit").asDouble()).isEqualTo(0.65);
		assertThat(coaching.get("talkRatioAfterMs").asLong()).isEqualTo(120_000);
		assertThat(coaching.get("monologueLimitMs").asLong()).isEqualTo(60_000);
		assertThat(coaching.get("hints").valueStream().map((h) -> h.get("id").asString())).contains("price-objection",
				"monologue");
		assertThat(coaching.get("hints").valueStream().filter((h) -> h.get("id").asString().equals("price-objection")))
			.singleElement()
			.satisfies((h) -> {
				assertThat(h.get("title").asString()).isEqualTo("Price objection");
				assertThat(h.get("speaker").asString()).isEqualTo("customer");
				assertThat(h.get("rule").asString()).isEqualTo("phrase");
			});
		assertThat(config.get("unsureBelow").asDouble()).isEqualTo(0.6);
	}

	private static java.util.function.Predicate<JsonNode> twilioEvent(String callSid, String event) {
		return (e) -> type("twilio.event", callSid).test(e) && event.equals(e.path("data").path("event").asString());
	}

	private HttpResponse<String> post(String path, String body) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path))
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body))
			.build(), HttpResponse.BodyHandlers.ofString());
	}

	private String get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString()).body();
	}

}
