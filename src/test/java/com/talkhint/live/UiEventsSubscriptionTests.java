package com.talkhint.live;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.talkhint.call.CallService;
import com.talkhint.event.CallEvent;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.CallEvent.TranscriptPartial;
import com.talkhint.event.EventBus;
import com.talkhint.testing.SharedAudio;
import com.talkhint.testing.TwilioPlayer;
import com.talkhint.testing.UiEventsClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.talkhint.testing.UiEventsClient.type;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Per-call subscriptions on {@code /ui/events}: with two calls streaming at once through the real path
 * (media socket → Vosk → hint engine → event bus), each browser receives every transcript and hint event of
 * the call it follows and none of the other's (only the other call's status, for the recent-calls list).
 * Bad requests are answered with a reason and leave the socket usable.
 */
@ExtendWith(OutputCaptureExtension.class)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:ui-subscriptions;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.account-sid=" + UiEventsSubscriptionTests.ACCOUNT, "talkhint.twilio.auth-token=subs-token",
		"talkhint.twilio.phone-number=+15005550006", "talkhint.twilio.agent-phone-number=+15005550001",
		// Both calls are sent faster than real time: recognition queues instead of dropping audio.
		"talkhint.transcription.max-lag=120s" })
class UiEventsSubscriptionTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	/** What carries a call's speech: it must reach the call's followers, all of it, and nobody else. */
	private static final Set<String> SPEECH = Set.of(TranscriptPartial.TYPE, TranscriptFinal.TYPE,
			HintFired.TYPE);

	private static final JsonMapper reader = JsonMapper.builder().build();

	@LocalServerPort
	int port;

	@Autowired
	CallService calls;

	@Autowired
	EventBus bus;

	@Autowired
	JsonMapper json;

	@Autowired
	UiEventsHandler handler;

	final TwilioPlayer player = new TwilioPlayer("subs-token");

	@Test
	void eachBrowserGetsAllOfItsCallAndNothingOfTheOther() throws Exception {
		String support = "CA" + "1".repeat(32);
		String discovery = "CA" + "2".repeat(32);
		List<CallEvent> published = new CopyOnWriteArrayList<>();
		try (AutoCloseable tap = this.bus.subscribe(published::add);
				UiEventsClient followsSupport = new UiEventsClient(ws() + "/ui/events").subscribe(support);
				UiEventsClient followsDiscovery = new UiEventsClient(ws() + "/ui/events").subscribe(discovery)) {
			CompletableFuture<Void> a = CompletableFuture.runAsync(() -> play(support, "support"));
			CompletableFuture<Void> b = CompletableFuture.runAsync(() -> play(discovery, "discovery"));
			CompletableFuture.allOf(a, b).get(60, TimeUnit.SECONDS);
			// The summary is published once every final of the call has been: all speech is queued before it.
			followsSupport.await(Duration.ofSeconds(90), "support summary", type("call.summary", support));
			followsDiscovery.await(Duration.ofSeconds(90), "discovery summary", type("call.summary", discovery));

			for (String[] pair : new String[][] { { support, discovery }, { discovery, support } }) {
				UiEventsClient follower = pair[0].equals(support) ? followsSupport : followsDiscovery;
				List<JsonNode> sent = speech(published.stream().map(this::asSent).toList(), pair[0]);
				assertThat(sent).as("speech of %s", pair[0])
					.anyMatch((e) -> e.path("type").asString().equals(TranscriptFinal.TYPE)
							&& e.path("data").path("speaker").asString().equals("customer"))
					.anyMatch((e) -> e.path("type").asString().equals(HintFired.TYPE));
				assertThat(speech(follower.events(), pair[0])).as("what the follower of %s saw", pair[0])
					.containsExactlyInAnyOrderElementsOf(sent);
				// Of the other call, only its status (the recent-calls list): no speech, hints or stream events.
				assertThat(follower.events()).filteredOn((e) -> pair[1].equals(e.path("callSid").asString(null)))
					.isNotEmpty()
					.allSatisfy((e) -> assertThat(e.path("type").asString()).isEqualTo(CallStatus.TYPE));
			}
		}
		await().atMost(Duration.ofSeconds(5)).until(() -> this.handler.followerCount(support) == 0
				&& this.handler.followerCount(discovery) == 0);
	}

	@Test
	void badRequestsAreAnsweredWithAReasonLoggedOnceAndTheSocketKeepsWorking(CapturedOutput output) throws Exception {
		try (UiEventsClient ui = new UiEventsClient(ws() + "/ui/events")) {
			for (String garbage : new String[] { "hello", "[]", "{\"subscribe\":42}", "{\"follow\":\"" + sid(1) + "\"}",
					"{\"subscribe\":\"CA1\"}", "{\"subscribe\":\"<b>CA</b>\"}" }) {
				ui.send(garbage);
			}
			ui.awaitCount(Duration.ofSeconds(5), "six errors", (e) -> e.path("type").asString().equals("error"), 6);
			assertThat(ui.events()).filteredOn((e) -> e.path("type").asString().equals("error"))
				.extracting((e) -> e.path("data").path("message").asString())
				.containsExactly("not JSON: " + UiRequest.EXPECTED, UiRequest.EXPECTED, UiRequest.EXPECTED,
						UiRequest.EXPECTED, "not a call sid: a call sid is CA followed by 32 hex digits",
						"not a call sid: a call sid is CA followed by 32 hex digits");
			assertThat(ui.events().toString()).doesNotContain("<b>");

			// The bound: one more than allowed is refused by name, and freeing one makes room.
			for (int i = 0; i < UiEventsHandler.MAX_SUBSCRIPTIONS; i++) {
				ui.subscribe(sid(i));
			}
			String oneTooMany = sid(UiEventsHandler.MAX_SUBSCRIPTIONS);
			ui.send("{\"subscribe\":\"" + oneTooMany + "\"}");
			JsonNode refused = ui.await(Duration.ofSeconds(5), "refused", type("error", oneTooMany));
			assertThat(refused.path("data").path("message").asString())
				.isEqualTo("at most 50 calls per connection: unsubscribe from one first");
			assertThat(this.handler.followerCount(oneTooMany)).isZero();
			ui.unsubscribe(sid(0));
			ui.subscribe(oneTooMany);
			assertThat(this.handler.followerCount(sid(0))).isZero();

			// Still a working feed: the unsubscribed call's event is not delivered, the followed one's is (one
			// sender thread, in order, so the first would have arrived before the second).
			publish(sid(0), "not for this browser");
			publish(oneTooMany, "for this browser");
			ui.await(Duration.ofSeconds(5), "followed call's final", type(TranscriptFinal.TYPE, oneTooMany));
			assertThat(ui.events()).noneMatch(type(TranscriptFinal.TYPE, sid(0)));
		}
		assertThat(output.getAll().lines().filter((l) -> l.contains("sent an invalid request"))).hasSize(1);
		await().atMost(Duration.ofSeconds(5)).until(() -> this.handler.followerCount(sid(1)) == 0);

		// Far too long to be a request: closed with 1009 and what a request looks like.
		UiEventsClient big = new UiEventsClient(ws() + "/ui/events");
		big.send("{\"subscribe\":\"" + "A".repeat(4096) + "\"}");
		assertThat(big.closed.get(10, TimeUnit.SECONDS)).startsWith("1009").contains("{\"subscribe\":\"CA…\"}");
	}

	private void play(String callSid, String scenario) {
		try {
			String streamSid = "MZ" + callSid.substring(2);
			this.calls.placed(callSid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
			this.calls.twimlServed(callSid, "outbound", Map.of(), ws() + "/twilio/stream");
			TwilioPlayer.Stream stream = this.player.openStream(ws() + "/twilio/stream");
			stream.connected();
			stream.start(ACCOUNT, callSid, streamSid, "outbound");
			stream.playBothTracks(streamSid, SharedAudio.scenario(scenario, "agent.ulaw"),
					SharedAudio.scenario(scenario, "customer.ulaw"), Integer.MAX_VALUE);
			stream.stop(ACCOUNT, callSid, streamSid);
			stream.close();
		}
		catch (Exception ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** The event as the browser receives it: the application's own serialisation, read back. */
	private JsonNode asSent(CallEvent event) {
		return reader.readTree(this.json.writeValueAsString(event));
	}

	private static List<JsonNode> speech(List<JsonNode> events, String callSid) {
		return events.stream()
			.filter((e) -> callSid.equals(e.path("callSid").asString(null)) && SPEECH.contains(e.path("type").asString()))
			.toList();
	}

	private void publish(String callSid, String text) {
		this.bus.publish(new TranscriptFinal(callSid, Instant.now(),
				new TranscriptFinal.Data("customer", text, 0, 1000, List.of())));
	}

	private static String sid(int i) {
		return String.format("CA%032x", i);
	}

	private String ws() {
		return "ws://localhost:" + this.port;
	}

}
