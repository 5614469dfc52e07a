package com.talkhint.twilio;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Track;
import com.talkhint.call.CallRepository;
import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostic;
import com.talkhint.call.Diagnostics;
import com.talkhint.call.LiveCall;
import com.talkhint.event.CallEvent.StreamEvent;
import com.talkhint.testing.MutableClock;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The watchdog names each missing step of the chain at its SPEC deadline (15 s no TwiML fetch, 10 s no
 * stream, 20 s silent track), once, stored on the call with cause and fix; time is moved by hand.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:watchdog;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1" })
class DiagnosticsWatchdogTests {

	static final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

	@TestConfiguration
	static class FixedTime {

		@Bean
		@Primary
		MutableClock testClock() {
			return clock;
		}

	}

	@Autowired
	CallService calls;

	@Autowired
	CallRepository repository;

	@Autowired
	DiagnosticsWatchdog watchdog;

	@Test
	void answeredButTwimlNeverFetchedFiresAfter15Seconds() {
		String sid = place("CA" + "1".repeat(32));
		this.calls.statusCallback(sid, Map.of("CallStatus", "in-progress"));
		clock.advance(Duration.ofSeconds(14));
		this.watchdog.check();
		assertThat(codes(sid)).isEmpty();
		clock.advance(Duration.ofSeconds(1));
		this.watchdog.check();
		this.watchdog.check();
		assertThat(codes(sid)).containsExactly(Diagnostics.NO_TWIML_FETCH);
		Diagnostic d = this.repository.diagnostics(sid).get(0);
		assertThat(d.message()).contains("never fetched").contains("/twilio/outbound");
		assertThat(d.cause()).contains("PUBLIC_BASE_URL");
		assertThat(d.fix()).contains("Request Inspector");
	}

	@Test
	void twimlServedButNoStreamFiresAfter10Seconds() {
		String sid = place("CA" + "2".repeat(32));
		this.calls.twimlServed(sid, "outbound", Map.of(), "wss://example.com/twilio/stream");
		clock.advance(Duration.ofSeconds(9));
		this.watchdog.check();
		assertThat(codes(sid)).isEmpty();
		clock.advance(Duration.ofSeconds(1));
		this.watchdog.check();
		assertThat(codes(sid)).containsExactly(Diagnostics.NO_STREAM);
		assertThat(this.repository.diagnostics(sid).get(0).message()).contains("wss://example.com/twilio/stream");
	}

	@Test
	void oneSilentTrackFiresAfter20SecondsNamingTheSpeaker() {
		String sid = place("CA" + "3".repeat(32));
		this.calls.twimlServed(sid, "outbound", Map.of(), "wss://example.com/twilio/stream");
		this.calls.streamStarted(sid, "MZ1", Set.of(Track.INBOUND, Track.OUTBOUND), CallDirection.OUTBOUND,
				StreamEvent.start("MZ1", java.util.List.of("inbound", "outbound"), "outbound"));
		LiveCall live = this.calls.live(sid).orElseThrow();
		for (int s = 0; s < 20; s++) {
			live.voiced(Track.INBOUND, clock.millis());
			clock.advance(Duration.ofSeconds(1));
			this.watchdog.check();
		}
		assertThat(codes(sid)).containsExactly(Diagnostics.TRACK_SILENT);
		assertThat(this.repository.diagnostics(sid).get(0).message()).contains("outbound track (customer)");
	}

	@Test
	void healthyCallFiresNothing() {
		String sid = place("CA" + "4".repeat(32));
		this.calls.statusCallback(sid, Map.of("CallStatus", "in-progress"));
		this.calls.twimlServed(sid, "outbound", Map.of(), "wss://example.com/twilio/stream");
		this.calls.streamStarted(sid, "MZ2", Set.of(Track.INBOUND, Track.OUTBOUND), CallDirection.OUTBOUND,
				StreamEvent.start("MZ2", java.util.List.of("inbound", "outbound"), "outbound"));
		LiveCall live = this.calls.live(sid).orElseThrow();
		for (int s = 0; s < 60; s++) {
			live.voiced(Track.INBOUND, clock.millis());
			live.voiced(Track.OUTBOUND, clock.millis());
			clock.advance(Duration.ofSeconds(1));
			this.watchdog.check();
		}
		this.calls.statusCallback(sid, Map.of("CallStatus", "completed"));
		this.watchdog.check();
		assertThat(codes(sid)).isEmpty();
	}

	@Test
	void callThatEndsAnsweredWithoutEverFetchingTwimlIsDiagnosedAtOnce() {
		// The seed bug: inline TwiML, the call "completes", nothing was ever fetched.
		String sid = place("CA" + "5".repeat(32));
		this.calls.statusCallback(sid, Map.of("CallStatus", "in-progress"));
		clock.advance(Duration.ofSeconds(3));
		this.calls.statusCallback(sid, Map.of("CallStatus", "completed"));
		this.watchdog.check();
		assertThat(codes(sid)).containsExactly(Diagnostics.NO_TWIML_FETCH);
		assertThat(this.repository.diagnostics(sid).get(0).message()).startsWith("The call ended");
	}

	private String place(String sid) {
		this.calls.placed(sid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		return sid;
	}

	private java.util.List<String> codes(String sid) {
		return this.repository.diagnostics(sid).stream().map(Diagnostic::code).toList();
	}

}
