package com.talkhint.event;

import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.CallSummary;
import com.talkhint.event.CallEvent.ChecklistTicked;
import com.talkhint.event.CallEvent.CoachingMetrics;
import com.talkhint.event.CallEvent.DiagnosticRaised;
import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.CallEvent.StreamEvent;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.CallEvent.TranscriptPartial;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.json.JsonTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The wire JSON of every {@link CallEvent}, pinned: each golden string was written by the code before the events
 * were records ({@code TalkHintEvent} with a map payload, serialised by the application's mapper), so the browser,
 * Redis and stored rows see the same fields and values as before. Key order inside {@code data} is not pinned
 * (the old maps' order was partly {@code Map.of}'s, i.e. none); every field, value and absent null is. Each
 * event also comes back equal through {@code readValue(json, CallEvent.class)}, with the application's mapper and
 * with a bare one (the records carry their own shape).
 */
@JsonTest
class CallEventJsonTests {

	static final String SID = "CA0123456789abcdef0123456789abcdef";

	static final Instant AT = Instant.parse("2026-12-04T15:00:00.250Z");

	static final String HEAD = "{\"type\":\"%s\",\"callSid\":\"" + SID + "\",\"at\":\"2026-12-04T15:00:00.250Z\",\"data\":";

	@Autowired
	JsonMapper json;

	static Object[][] events() {
		ChecklistItem greeting = new ChecklistItem("greeting", "Greeting", true, 500L);
		ChecklistItem open = new ChecklistItem("next-steps", "Next steps", false, null);
		return new Object[][] {
				{ new CallStatus(SID, AT, "ringing", "Ringing"),
						wire("call.status", "{\"status\":\"ringing\",\"label\":\"Ringing\"}") },
				{ new StreamEvent(SID, AT, StreamEvent.twimlFetched("/twilio/outbound", "wss://example.test/twilio/stream")),
						wire("twilio.event", "{\"event\":\"twiml-fetched\",\"webhook\":\"/twilio/outbound\",\"streamUrl\":\"wss://example.test/twilio/stream\"}") },
				{ new StreamEvent(SID, AT, StreamEvent.streamCallback("stream-started", "MZ1", null)),
						wire("twilio.event", "{\"event\":\"stream-started\",\"streamSid\":\"MZ1\"}") },
				{ new StreamEvent(SID, AT, StreamEvent.streamCallback("stream-error", "MZ1", "boom")),
						wire("twilio.event", "{\"event\":\"stream-error\",\"streamSid\":\"MZ1\",\"error\":\"boom\"}") },
				{ new StreamEvent(SID, AT, StreamEvent.connected("Call")),
						wire("twilio.event", "{\"event\":\"connected\",\"protocol\":\"Call\"}") },
				{ new StreamEvent(SID, AT, StreamEvent.start("MZ1", List.of("inbound", "outbound"), "outbound")),
						wire("twilio.event", "{\"event\":\"start\",\"streamSid\":\"MZ1\",\"tracks\":[\"inbound\",\"outbound\"],\"direction\":\"outbound\"}") },
				{ new StreamEvent(SID, AT, StreamEvent.firstMedia("inbound", "agent", 20)),
						wire("twilio.event", "{\"event\":\"media\",\"track\":\"inbound\",\"speaker\":\"agent\",\"timestamp\":20}") },
				{ new StreamEvent(SID, AT, StreamEvent.firstMedia("inbound", null, 20)),
						wire("twilio.event", "{\"event\":\"media\",\"track\":\"inbound\",\"timestamp\":20}") },
				{ new StreamEvent(SID, AT, StreamEvent.stop("MZ1", 100, 99)),
						wire("twilio.event", "{\"event\":\"stop\",\"streamSid\":\"MZ1\",\"inboundFrames\":100,\"outboundFrames\":99}") },
				{ new StreamEvent(SID, AT, StreamEvent.closed(1000)),
						wire("twilio.event", "{\"event\":\"closed\",\"code\":1000}") },
				{ new TranscriptPartial(SID, AT, new TranscriptPartial.Data("customer", "too expensive", 1200)),
						wire("transcript.partial", "{\"speaker\":\"customer\",\"text\":\"too expensive\",\"startMs\":1200}") },
				{ new TranscriptFinal(SID, AT, new TranscriptFinal.Data("customer", "too expensive", 1200, 2400, List.of(0.9, 1.0))),
						wire("transcript.final", "{\"speaker\":\"customer\",\"text\":\"too expensive\",\"startMs\":1200,\"endMs\":2400,\"confidences\":[0.9,1.0]}") },
				{ new HintFired(SID, AT, new Hint("price-objection", "objection", "Price", "Ask what they compare it to", 2400, "too expensive")),
						wire("hint", "{\"id\":\"price-objection\",\"kind\":\"objection\",\"title\":\"Price\",\"text\":\"Ask what they compare it to\",\"atMs\":2400,\"trigger\":\"too expensive\",\"path\":\"rule\",\"evidence\":\"too expensive\"}") },
				{ new HintFired(SID, AT, new Hint("price-objection", "objection", "Price", "Ask", 2400, "costs a lot", Hint.MEANING, 0.93, "it costs too much", "it costs a lot")),
						wire("hint", "{\"id\":\"price-objection\",\"kind\":\"objection\",\"title\":\"Price\",\"text\":\"Ask\",\"atMs\":2400,\"trigger\":\"costs a lot\",\"path\":\"meaning\",\"score\":0.93,\"evidence\":\"it costs too much\",\"utterance\":\"it costs a lot\"}") },
				{ new ChecklistTicked(SID, AT, List.of(greeting, open)),
						wire("coaching.checklist", "{\"items\":[{\"id\":\"greeting\",\"label\":\"Greeting\",\"done\":true,\"atMs\":500},{\"id\":\"next-steps\",\"label\":\"Next steps\",\"done\":false}]}") },
				{ new CoachingMetrics(SID, AT, new CoachingMetrics.Data(5000, 3000, 1000, 0.75, 0)),
						wire("coaching.metrics", "{\"atMs\":5000,\"agentMs\":3000,\"customerMs\":1000,\"talkRatio\":0.75,\"monologueMs\":0}") },
				{ new CallSummary(SID, AT, new CallSummary.Summary(SID, 60000, 30000, 20000, 0.6,
						List.of(new CallSummary.SummaryHint("price-objection", "objection", "Price", 2400, "too expensive")),
						Map.of("price-objection", 1), List.of(greeting, open),
						List.of(new CallSummary.Question("how much is it", 3000, true), new CallSummary.Question("when", 9000, null)),
						List.of(new CallSummary.NextStep("agent", "I will send it", 50000)))),
						wire("call.summary", "{\"callSid\":\"" + SID + "\",\"durationMs\":60000,\"agentMs\":30000,\"customerMs\":20000,\"talkRatio\":0.6,"
								+ "\"hints\":[{\"id\":\"price-objection\",\"kind\":\"objection\",\"title\":\"Price\",\"atMs\":2400,\"trigger\":\"too expensive\"}],"
								+ "\"hintCounts\":{\"price-objection\":1},"
								+ "\"checklist\":[{\"id\":\"greeting\",\"label\":\"Greeting\",\"done\":true,\"atMs\":500},{\"id\":\"next-steps\",\"label\":\"Next steps\",\"done\":false}],"
								+ "\"questions\":[{\"text\":\"how much is it\",\"atMs\":3000,\"answered\":true},{\"text\":\"when\",\"atMs\":9000}],"
								+ "\"nextSteps\":[{\"atMs\":50000,\"text\":\"I will send it\",\"speaker\":\"agent\"}]}") },
				{ DiagnosticRaised.raised(SID, AT, "track-silent", "m", "c", "f"),
						wire("diagnostic", "{\"code\":\"track-silent\",\"message\":\"m\",\"cause\":\"c\",\"fix\":\"f\"}") },
				{ DiagnosticRaised.raised(SID, AT, "x", "m", null, null),
						wire("diagnostic", "{\"code\":\"x\",\"message\":\"m\"}") },
				{ DiagnosticRaised.resolved(SID, AT, "transcription-behind", "back"),
						wire("diagnostic", "{\"code\":\"transcription-behind\",\"message\":\"back\",\"resolved\":true}") },
				{ DiagnosticRaised.raised(null, AT, "forged", "m", "c", "f"),
						"{\"type\":\"diagnostic\",\"at\":\"2026-12-04T15:00:00.250Z\",\"data\":{\"code\":\"forged\",\"message\":\"m\",\"cause\":\"c\",\"fix\":\"f\"}}" } };
	}

	private static String wire(String type, String data) {
		return HEAD.formatted(type) + data + "}";
	}

	@ParameterizedTest
	@MethodSource("events")
	void writesTodaysWireJson(CallEvent event, String golden) {
		assertThat(this.json.readTree(this.json.writeValueAsString(event))).isEqualTo(this.json.readTree(golden));
		JsonMapper bare = JsonMapper.builder().build();
		assertThat(bare.readTree(bare.writeValueAsString(event))).isEqualTo(bare.readTree(golden));
	}

	@ParameterizedTest
	@MethodSource("events")
	void readsBackTheSameRecord(CallEvent event, String golden) {
		assertThat(this.json.readValue(golden, CallEvent.class)).isEqualTo(event);
		assertThat(this.json.readValue(this.json.writeValueAsString(event), CallEvent.class)).isEqualTo(event);
	}

	@ParameterizedTest
	@MethodSource("events")
	void typeIsTheWiresType(CallEvent event, String golden) {
		assertThat(this.json.readTree(golden).path("type").asString()).isEqualTo(event.type());
	}

}
