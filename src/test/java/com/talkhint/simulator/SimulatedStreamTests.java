package com.talkhint.simulator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static com.talkhint.simulator.FakeTalkHintApp.ACCOUNT_SID;
import static com.talkhint.simulator.FakeTalkHintApp.STREAM_URL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The media stream as the app receives it: Twilio's message shapes, counters, pacing, and the 319xx refusals. */
@SimulatorTest
class SimulatedStreamTests extends SimulatorTestSupport {

	@Test
	void streamsBothTracksExactlyAsTwilioFramesThem() {
		CallAudio audio = CallDriver.clip(3000);
		String sid = this.driver.place("+14155550101", audio).getSid();
		this.driver.awaitEnd(sid, Duration.ofSeconds(20));
		FakeTalkHintApp.StreamSession session = awaitClosedStream(sid);

		assertThat(session.path).isEqualTo("/twilio/stream");
		assertThat(session.signatureValid).as("handshake signed over " + STREAM_URL).isTrue();
		List<JsonNode> messages = session.messages.stream().map(FakeTalkHintApp.Received::json).toList();
		JsonNode connected = messages.get(0);
		assertThat(connected.path("event").asString()).isEqualTo("connected");
		assertThat(connected.path("protocol").asString()).isEqualTo("Call");
		assertThat(connected.path("version").asString()).isEqualTo("1.0.0");
		assertThat(connected.has("sequenceNumber")).isFalse();

		JsonNode start = messages.get(1);
		String streamSid = start.path("streamSid").asString();
		assertThat(start.path("event").asString()).isEqualTo("start");
		assertThat(start.path("sequenceNumber").isString()).isTrue();
		assertThat(start.path("sequenceNumber").asString()).isEqualTo("1");
		assertThat(streamSid).matches("MZ[0-9a-f]{32}");
		assertThat(start.path("start").path("streamSid").asString()).isEqualTo(streamSid);
		assertThat(start.path("start").path("accountSid").asString()).isEqualTo(ACCOUNT_SID);
		assertThat(start.path("start").path("callSid").asString()).isEqualTo(sid);
		assertThat(start.path("start").path("tracks").toString()).isEqualTo("[\"inbound\",\"outbound\"]");
		assertThat(start.path("start").path("customParameters").toString()).isEqualTo("{\"direction\":\"outbound\"}");
		JsonNode format = start.path("start").path("mediaFormat");
		assertThat(format.path("encoding").asString()).isEqualTo("audio/x-mulaw");
		assertThat(format.path("sampleRate").isInt()).isTrue();
		assertThat(format.path("sampleRate").asInt()).isEqualTo(8000);
		assertThat(format.path("channels").isInt()).isTrue();
		assertThat(format.path("channels").asInt()).isEqualTo(1);

		List<JsonNode> media = messages.subList(2, messages.size() - 1);
		// 3000 ms / 20 ms = 150 frames per track; the line may carry a few silent frames until the hang-up.
		assertThat(media.size()).isBetween(300, 300 + 2 * 25);
		int[] chunks = new int[2];
		for (int i = 0; i < media.size(); i++) {
			JsonNode message = media.get(i);
			JsonNode body = message.path("media");
			String track = (i % 2 == 0) ? "inbound" : "outbound";
			int index = chunks[i % 2]++;
			assertThat(message.path("event").asString()).isEqualTo("media");
			assertThat(message.path("streamSid").asString()).isEqualTo(streamSid);
			assertThat(message.path("sequenceNumber").isString()).isTrue();
			assertThat(message.path("sequenceNumber").asString()).isEqualTo(Integer.toString(i + 2));
			assertThat(body.path("track").asString()).as("message %d interleaves the tracks", i).isEqualTo(track);
			assertThat(body.path("chunk").isString()).isTrue();
			assertThat(body.path("chunk").asString()).isEqualTo(Integer.toString(index + 1));
			assertThat(body.path("timestamp").isString()).isTrue();
			assertThat(body.path("timestamp").asString()).isEqualTo(Integer.toString(index * 20));
			byte[] payload = Base64.getDecoder().decode(body.path("payload").asString());
			byte[] expected = track.equals("inbound") ? audio.agentFrame(index) : audio.customerFrame(index);
			assertThat(payload).as("%s frame %d", track, index).hasSize(160).isEqualTo(expected);
		}

		JsonNode stop = messages.get(messages.size() - 1);
		assertThat(stop.path("event").asString()).isEqualTo("stop");
		assertThat(stop.path("sequenceNumber").asString()).isEqualTo(Integer.toString(media.size() + 2));
		assertThat(stop.path("streamSid").asString()).isEqualTo(streamSid);
		assertThat(stop.path("stop").path("accountSid").asString()).isEqualTo(ACCOUNT_SID);
		assertThat(stop.path("stop").path("callSid").asString()).isEqualTo(sid);
		assertThat(session.closed.getCode()).isEqualTo(1000);

		List<FakeTalkHintApp.Webhook> streamEvents = this.recorder.webhooks(sid, "/twilio/stream-status");
		assertThat(streamEvents).extracting((hook) -> hook.params().get("StreamEvent"))
			.containsExactly("stream-started", "stream-stopped");
		assertThat(streamEvents).allSatisfy((hook) -> {
			assertThat(hook.signatureValid()).isTrue();
			assertThat(hook.params()).containsEntry("StreamSid", streamSid)
				.containsEntry("StreamName", "talkhint")
				.containsEntry("AccountSid", ACCOUNT_SID)
				.containsKey("Timestamp");
		});
	}

	@Test
	void pacesFramesAt50PerSecondPerTrackWithoutDrift() {
		String sid = this.driver.place("+14155550102", CallDriver.clip(6000)).getSid();
		this.driver.awaitEnd(sid, Duration.ofSeconds(25));
		List<Long> arrivals = new ArrayList<>();
		for (FakeTalkHintApp.Received message : awaitClosedStream(sid).messages) {
			if ("inbound".equals(message.json().path("media").path("track").asString())) {
				arrivals.add(message.atNanos());
			}
		}
		List<Long> audio = arrivals.subList(0, 300); // 6000 ms / 20 ms

		// Lateness of frame k against its schedule (first frame + k × 20 ms), in ms.
		double[] lateness = new double[audio.size()];
		for (int k = 0; k < audio.size(); k++) {
			lateness[k] = (audio.get(k) - audio.get(0)) / 1e6 - k * 20.0;
		}
		double drift = median(lateness, 250, 300) - median(lateness, 0, 50);
		double rate = (audio.size() - 1) / ((audio.get(audio.size() - 1) - audio.get(0)) / 1e9);
		double worst = java.util.Arrays.stream(lateness).map(Math::abs).max().orElse(0);
		System.out.printf("[simulator pacing] frames/s/track=%.2f drift=%.1f ms over 6 s worst-lateness=%.1f ms%n", rate,
				drift, worst);
		assertThat(Math.abs(drift)).isLessThan(100);
		assertThat(rate).isBetween(48.0, 52.0);
	}

	@Test
	void inboundTrackOnlyCarriesTheAgent() {
		this.recorder.reply("+14155550103", FakeTalkHintApp.Reply
			.twiml(FakeTalkHintApp.streamingTwiml("inbound_track", STREAM_URL, "+14155550100")));
		String sid = this.driver.place("+14155550103", CallDriver.clip(1000)).getSid();
		this.driver.awaitEnd(sid, Duration.ofSeconds(15));
		FakeTalkHintApp.StreamSession session = awaitClosedStream(sid);

		List<JsonNode> messages = session.messages.stream().map(FakeTalkHintApp.Received::json).toList();
		assertThat(messages.get(1).path("start").path("tracks").toString()).isEqualTo("[\"inbound\"]");
		assertThat(messages.stream().filter((m) -> m.has("media")).map((m) -> m.path("media").path("track").asString()))
			.hasSizeGreaterThanOrEqualTo(50)
			.containsOnly("inbound");
	}

	@Test
	void anInvalidTrackIsStreamError31941AndNoSocket() {
		String sid = placeWithStream("+14155550104", "both", STREAM_URL);

		assertStreamError(sid, "31941");
	}

	@Test
	void aQueryStringInTheStreamUrlIsStreamError31920() {
		String sid = placeWithStream("+14155550105", "both_tracks", STREAM_URL + "?callSid=CA1");

		assertStreamError(sid, "31920");
	}

	@Test
	void aStreamUrlThatIsNotWebSocketIsStreamError31922() {
		String sid = placeWithStream("+14155550106", "both_tracks", "https://talkhint.example.com/twilio/stream");

		assertStreamError(sid, "31922");
	}

	@Test
	void aHandshakeThatIsNotAnsweredWith101IsStreamError31920() {
		String sid = placeWithStream("+14155550107", "both_tracks", "wss://talkhint.example.com/twilio/no-such-socket");

		assertStreamError(sid, "31920");
		assertThat(this.simulator.notifications(sid)).anySatisfy((n) -> assertThat(n).contains("HTTP 404"));
	}

	@Test
	void anAppThatWritesOnTheUnidirectionalStreamIsStreamError31924() {
		String sid = placeWithStream("+14155550108", "both_tracks", "wss://talkhint.example.com/twilio/stream-talkative");
		this.driver.awaitEnd(sid, Duration.ofSeconds(15));

		List<FakeTalkHintApp.Webhook> events = this.recorder.webhooks(sid, "/twilio/stream-status");
		assertThat(events).extracting((hook) -> hook.params().get("StreamEvent"))
			.containsExactly("stream-started", "stream-error");
		assertThat(events.get(1).params().get("StreamError")).startsWith("31924 ");
	}

	private String placeWithStream(String to, String track, String url) {
		this.recorder.reply(to, FakeTalkHintApp.Reply.twiml(FakeTalkHintApp.streamingTwiml(track, url, "+14155550100")));
		return this.driver.place(to, CallDriver.clip(1000)).getSid();
	}

	private void assertStreamError(String sid, String code) {
		this.driver.awaitEnd(sid, Duration.ofSeconds(15));
		List<FakeTalkHintApp.Webhook> events = this.recorder.webhooks(sid, "/twilio/stream-status");
		assertThat(events).extracting((hook) -> hook.params().get("StreamEvent")).containsExactly("stream-error");
		assertThat(events.get(0).signatureValid()).isTrue();
		assertThat(events.get(0).params().get("StreamError")).startsWith(code + " ");
		assertThat(this.recorder.stream(sid)).isEmpty();
		assertThat(this.recorder.webhooks(sid, "/twilio/status")).last()
			.satisfies((hook) -> assertThat(hook.params()).containsEntry("CallStatus", "completed"));
	}

	private FakeTalkHintApp.StreamSession awaitClosedStream(String sid) {
		await().atMost(Duration.ofSeconds(5))
			.until(() -> this.recorder.stream(sid).map((session) -> session.closed != null).orElse(false));
		return this.recorder.stream(sid).orElseThrow();
	}

	private static double median(double[] values, int from, int to) {
		double[] slice = java.util.Arrays.copyOfRange(values, from, to);
		java.util.Arrays.sort(slice);
		return slice[slice.length / 2];
	}

}
