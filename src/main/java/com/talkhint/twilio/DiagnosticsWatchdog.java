package com.talkhint.twilio;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.talkhint.audio.Speaker;
import com.talkhint.audio.Track;
import com.talkhint.call.CallProgress;
import com.talkhint.call.CallRepository;
import com.talkhint.call.CallService;
import com.talkhint.call.Diagnostic;
import com.talkhint.call.Diagnostics;
import com.talkhint.call.LiveCall;

import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Checks every second that each call reaches its next step in time (SPEC diagnostics): TwiML fetched within
 * 15 s of answered, a stream {@code start} within 10 s of TwiML, no track silent for 20 s. The milestones come
 * from the calls table, which every node writes, so a node that served the TwiML sees the stream another node
 * holds; each diagnostic is claimed in the database, so every node's watchdog may check every call and it is
 * still raised once. Only the silent-track check uses this node's memory: the audio is only on the node that
 * holds the stream.
 */
@Component
public class DiagnosticsWatchdog {

	static final Duration TWIML_DEADLINE = Duration.ofSeconds(15);

	static final Duration STREAM_DEADLINE = Duration.ofSeconds(10);

	static final Duration SILENCE_LIMIT = Duration.ofSeconds(20);

	/** How long an ended call is still checked (and kept in memory) before it is forgotten. */
	static final Duration FORGET_AFTER = Duration.ofMinutes(2);

	/**
	 * Calls older than this are not watched even if no node recorded their end (a node crashed): Twilio ends
	 * a call after 4 h by default ({@code timeLimit}).
	 */
	static final Duration MAX_CALL_AGE = Duration.ofHours(6);

	private final CallService calls;

	private final CallRepository repository;

	private final Clock clock;

	private final PublicUrls publicUrls;

	private final TwilioCallInspector inspector;

	public DiagnosticsWatchdog(CallService calls, CallRepository repository, Clock clock, PublicUrls publicUrls,
			TwilioCallInspector inspector) {
		this.calls = calls;
		this.repository = repository;
		this.clock = clock;
		this.publicUrls = publicUrls;
		this.inspector = inspector;
	}

	@Scheduled(fixedDelay = 1000, initialDelay = 1000)
	public void check() {
		Instant now = this.clock.instant();
		Set<String> watched = new HashSet<>();
		List<CallProgress> calls = this.repository.watched(now.minus(MAX_CALL_AGE), now.minus(FORGET_AFTER))
			.stream()
			.map(this.calls::withWhatThisNodeKnows)
			.toList();
		for (CallProgress call : calls) {
			watched.add(call.callSid());
			check(call, now);
		}
		this.calls.forgetAllBut(watched, now, FORGET_AFTER);
		// The same calls, for the calls Twilio did not reach: its record is read off this thread.
		this.inspector.check(calls, now);
	}

	void check(CallProgress call, Instant now) {
		if (call.endedAt() != null) {
			if (call.answeredAt() != null && call.twimlAt() == null) {
				fire(call, Diagnostics.noTwimlFetch(now, 0, expectedWebhook(), true), Diagnostics.NO_TWIML_FETCH);
			}
			return;
		}
		if (call.answeredAt() != null && call.twimlAt() == null && elapsed(call.answeredAt(), now, TWIML_DEADLINE)) {
			fire(call, Diagnostics.noTwimlFetch(now, seconds(call.answeredAt(), now), expectedWebhook(), false),
					Diagnostics.NO_TWIML_FETCH);
		}
		// streamAt includes a stream this node holds whose row is not written yet (withWhatThisNodeKnows)
		if (call.twimlAt() != null && call.streamAt() == null && elapsed(call.twimlAt(), now, STREAM_DEADLINE)) {
			fire(call, Diagnostics.noStream(now, seconds(call.twimlAt(), now), call.streamUrl()), Diagnostics.NO_STREAM);
		}
		LiveCall live = this.calls.live(call.callSid()).orElse(null);
		if (live != null && live.streamStartAt() != null && live.endedAt() == null) {
			// This node holds the stream: it alone hears the tracks.
			for (Track track : Track.values()) {
				long last = live.lastVoicedMillis(track);
				Instant since = (last > 0) ? Instant.ofEpochMilli(last) : live.streamStartAt();
				if (elapsed(since, now, SILENCE_LIMIT)) {
					String speaker = Speaker.of(track, live.direction()).wireName();
					fire(call, Diagnostics.trackSilent(now, track.wireName(), speaker, seconds(since, now)),
							Diagnostics.TRACK_SILENT + ":" + track.wireName());
				}
			}
		}
	}

	private void fire(CallProgress call, Diagnostic diagnostic, String key) {
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
