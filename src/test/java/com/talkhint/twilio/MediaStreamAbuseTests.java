package com.talkhint.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.talkhint.call.CallService;
import com.talkhint.testing.NodeHealth;
import com.talkhint.testing.SharedAudio;
import com.talkhint.testing.TwilioPlayer;
import com.talkhint.testing.UiEventsClient;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static com.talkhint.testing.UiEventsClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input on {@code /twilio/stream}: garbage is logged and counted without ending the stream; oversized,
 * binary and flooding input closes that socket with a policy code; a dropped socket is diagnosed. The
 * server stays healthy and finished calls stay as they were.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:abuse;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.twilio.account-sid=AC0123456789abcdef0123456789abcdef", "talkhint.twilio.auth-token=abuse-token",
		"talkhint.twilio.phone-number=+15005550006", "talkhint.twilio.agent-phone-number=+15005550001" })
class MediaStreamAbuseTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	@LocalServerPort
	int port;

	@Autowired
	CallService calls;

	final TwilioPlayer player = new TwilioPlayer("abuse-token");

	@Test
	void garbageIsCountedButTheStreamGoesOn() throws Exception {
		String callSid = "CA" + "a".repeat(32);
		this.calls.placed(callSid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		this.calls.twimlServed(callSid, "outbound", java.util.Map.of(), streamUrl());
		try (UiEventsClient ui = new UiEventsClient(wsBase() + "/ui/events").subscribe(callSid)) {
			TwilioPlayer.Stream stream = this.player.openStream(streamUrl());
			stream.send("hello");
			stream.send("{");
			stream.send("[]");
			stream.send("{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"timestamp\":\"0\",\"payload\":\"AA==\"}}");
			stream.send("{\"event\":\"stop\"}");
			stream.connected();
			stream.start(ACCOUNT, callSid, "MZ" + "a".repeat(32), "outbound");
			stream.send("{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"timestamp\":\"0\",\"payload\":\"***\"}}");
			stream.send("{\"event\":\"media\",\"media\":{\"track\":\"sideways\",\"timestamp\":\"0\",\"payload\":\"AA==\"}}");
			stream.send("{\"event\":\"media\",\"media\":{\"track\":\"inbound\",\"timestamp\":{},\"payload\":\"AA==\"}}");
			stream.send("{\"event\":\"start\",\"start\":{\"callSid\":\"" + callSid + "\"},\"streamSid\":\"MZ2\"}");
			stream.playBothTracks("MZ" + "a".repeat(32), SharedAudio.scenario("support", "agent.ulaw"),
					SharedAudio.scenario("support", "customer.ulaw"), 50);
			stream.stop(ACCOUNT, callSid, "MZ" + "a".repeat(32));
			ui.await(Duration.ofSeconds(10), "stop with all frames", (e) -> type("twilio.event", callSid).test(e)
					&& "stop".equals(e.path("data").path("event").asString())
					&& e.path("data").path("inboundFrames").asLong() == 50
					&& e.path("data").path("outboundFrames").asLong() == 50);
			ui.await(Duration.ofSeconds(5), "malformed diagnostic", (e) -> type("diagnostic", callSid).test(e)
					&& "malformed-media".equals(e.path("data").path("code").asString()));
			assertThat(stream.closed).isNotDone();
			stream.close();
		}
		assertHealthy();
	}

	@Test
	void oversizedMessageClosesWithPolicyViolation() throws Exception {
		TwilioPlayer.Stream stream = this.player.openStream(streamUrl());
		stream.sendRefused("{\"event\":\"connected\",\"pad\":\"" + "x".repeat(70 * 1024) + "\"}");
		assertThat(stream.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
		TwilioPlayer.Stream huge = this.player.openStream(streamUrl());
		huge.sendRefused("x".repeat(512 * 1024));
		assertThat(huge.closed.get(10, TimeUnit.SECONDS)).isIn(1008, 1009);
		assertHealthy();
	}

	@Test
	void binaryFrameClosesWithUnsupportedData() throws Exception {
		TwilioPlayer.Stream stream = this.player.openStream(streamUrl());
		stream.sendBinary(new byte[] { 1, 2, 3 });
		assertThat(stream.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1003);
		assertHealthy();
	}

	@Test
	void floodClosesWithPolicyViolation() throws Exception {
		TwilioPlayer.Stream stream = this.player.openStream(streamUrl());
		for (int i = 0; i < 20_000 && !stream.closed.isDone(); i++) {
			try {
				stream.send("{\"event\":\"connected\",\"protocol\":\"Call\",\"version\":\"1.0.0\"}");
			}
			catch (RuntimeException ex) {
				break; // the server closed the socket under us
			}
		}
		assertThat(stream.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
		assertHealthy();
	}

	@Test
	void droppedSocketMidStreamIsDiagnosed() throws Exception {
		String callSid = "CA" + "b".repeat(32);
		this.calls.placed(callSid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		this.calls.twimlServed(callSid, "outbound", java.util.Map.of(), streamUrl());
		try (UiEventsClient ui = new UiEventsClient(wsBase() + "/ui/events").subscribe(callSid)) {
			TwilioPlayer.Stream stream = this.player.openStream(streamUrl());
			stream.connected();
			stream.start(ACCOUNT, callSid, "MZ" + "b".repeat(32), "outbound");
			stream.playBothTracks("MZ" + "b".repeat(32), SharedAudio.scenario("support", "agent.ulaw"),
					SharedAudio.scenario("support", "customer.ulaw"), 10);
			ui.await(Duration.ofSeconds(5), "first media", (e) -> type("twilio.event", callSid).test(e)
					&& "media".equals(e.path("data").path("event").asString()));
			stream.abort();
			ui.await(Duration.ofSeconds(10), "stream-dropped", (e) -> type("diagnostic", callSid).test(e)
					&& "stream-dropped".equals(e.path("data").path("code").asString()));
		}
		assertHealthy();
	}

	@Test
	void replayedHandshakeCannotStartAStreamForAnUnknownEndedOrStreamingCall() throws Exception {
		// The handshake signature is over a fixed URL, so it can be captured and replayed: 'start' is checked too.
		TwilioPlayer.Stream unknown = this.player.openStream(streamUrl());
		unknown.connected();
		unknown.start(ACCOUNT, "CA" + "d".repeat(32), "MZ" + "d".repeat(32), "outbound");
		assertThat(unknown.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);

		String callSid = "CA" + "e".repeat(32);
		this.calls.placed(callSid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		TwilioPlayer.Stream beforeTwiml = this.player.openStream(streamUrl());
		beforeTwiml.start(ACCOUNT, callSid, "MZ" + "e".repeat(32), "outbound");
		assertThat(beforeTwiml.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);

		this.calls.twimlServed(callSid, "outbound", java.util.Map.of(), streamUrl());
		TwilioPlayer.Stream first;
		try (UiEventsClient ui = new UiEventsClient(wsBase() + "/ui/events").subscribe(callSid)) {
			first = this.player.openStream(streamUrl());
			first.start(ACCOUNT, callSid, "MZ" + "e".repeat(32), "outbound");
			ui.await(Duration.ofSeconds(10), "first stream started", (e) -> type("twilio.event", callSid).test(e)
					&& "start".equals(e.path("data").path("event").asString()));
		}
		TwilioPlayer.Stream second = this.player.openStream(streamUrl());
		second.start(ACCOUNT, callSid, "MZ" + "f".repeat(32), "outbound");
		assertThat(second.closed.get(10, TimeUnit.SECONDS)).isEqualTo(1008);
		assertThat(first.closed).isNotDone();
		first.close();
		assertHealthy();
	}

	private void assertHealthy() {
		NodeHealth.assertUp("http://localhost:" + this.port);
	}

	private String wsBase() {
		return "ws://localhost:" + this.port;
	}

	private String streamUrl() {
		return wsBase() + "/twilio/stream";
	}

}
