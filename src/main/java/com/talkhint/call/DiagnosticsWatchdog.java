package com.talkhint.call;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.talkhint.audio.Speaker;
import com.talkhint.audio.Track;
import com.talkhint.twilio.PublicUrls;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks every second that each live call reaches its next step in time (SPEC diagnostics): TwiML
 * fetched within 15 s of answered, a stream {@code start} within 10 s of TwiML, no track silent for 20 s.
 */
@Component
public class DiagnosticsWatchdog {

	static final Duration TWIML_DEADLINE = Duration.ofSeconds(15);

	static final Duration STREAM_DEADLINE = Duration.ofSeconds(10);

	static final Duration SILENCE_LIMIT = Duration.ofSeconds(20);

	/** How long an ended call stays in memory before it is forgotten (the database keeps it). */
	static final Duration FORGET_AFTER = Duration.ofMinutes(2);

	private final CallService calls;

	private final Clock clock;

	private final PublicUrls publicUrls;

	public DiagnosticsWatchdog(CallService calls, Clock clock, PublicUrls publicUrls) {
		this.calls = calls;
		this.clock = clock;
		this.publicUrls = publicUrls;
	}

	@Scheduled(fixedDelay = 1000, initialDelay = 1000)
	public void check() {
		Instant now = this.clock.instant();
		for (LiveCall call : this.calls.liveCalls()) {
			check(call, now);
		}
	}

	void check(LiveCall call, Instant now) {
		if (call.endedAt() != null) {
			if (call.answeredAt() != null && call.twimlAt() == null) {
				fire(call, Diagnostics.noTwimlFetch(now, 0, expectedWebhook(), true), Diagnostics.NO_TWIML_FETCH);
			}
			if (Duration.between(call.endedAt(), now).compareTo(FORGET_AFTER) > 0) {
				this.calls.forget(call.callSid());
			}
			return;
		}
		if (call.answeredAt() != null && call.twimlAt() == null && elapsed(call.answeredAt(), now, TWIML_DEADLINE)) {
			fire(call, Diagnostics.noTwimlFetch(now, seconds(call.answeredAt(), now), expectedWebhook(), false),
					Diagnostics.NO_TWIML_FETCH);
		}
		if (call.twimlAt() != null && call.streamStartAt() == null && elapsed(call.twimlAt(), now, STREAM_DEADLINE)) {
			fire(call, Diagnostics.noStream(now, seconds(call.twimlAt(), now), call.streamUrl()), Diagnostics.NO_STREAM);
		}
		if (call.streamStartAt() != null) {
			for (Track track : Track.values()) {
				long last = call.lastVoicedMillis(track);
				Instant since = (last > 0) ? Instant.ofEpochMilli(last) : call.streamStartAt();
				if (elapsed(since, now, SILENCE_LIMIT)) {
					String speaker = Speaker.of(track, call.direction()).wireName();
					fire(call, Diagnostics.trackSilent(now, track.wireName(), speaker, seconds(since, now)),
							Diagnostics.TRACK_SILENT + ":" + track.wireName());
				}
			}
		}
	}

	private void fire(LiveCall call, Diagnostic diagnostic, String key) {
		this.calls.diagnostic(call.callSid(), diagnostic, key);
	}

	private String expectedWebhook() {
		String base = this.publicUrls.configuredBase();
		return ((base != null) ? base : this.publicUrls.localBase()) + "/twilio/outbound";
	}

	private static boolean elapsed(Instant since, Instant now, Duration limit) {
		return Duration.between(since, now).compareTo(limit) >= 0;
	}

	private static long seconds(Instant since, Instant now) {
		return Duration.between(since, now).toSeconds();
	}

}
