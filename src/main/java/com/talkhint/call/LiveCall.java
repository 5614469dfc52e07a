package com.talkhint.call;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Track;

/**
 * In-memory progress of a call on this node, read by the diagnostics watchdog. Written from webhook
 * threads, the media socket thread and the watchdog, hence volatile fields and concurrent sets.
 */
public final class LiveCall {

	private final String callSid;

	private final Instant createdAt;

	private volatile Instant answeredAt;

	private volatile Instant twimlAt;

	private volatile Instant streamStartAt;

	private volatile Instant endedAt;

	private volatile String streamUrl;

	private volatile Set<Track> expectedTracks = Set.of();

	private volatile CallDirection direction = CallDirection.OUTBOUND;

	/** Clock millis of the last frame with audible energy, per track; 0 = none yet. */
	private final Map<Track, Long> lastVoicedMillis = new EnumMap<>(Track.class);

	private final Set<String> firedDiagnostics = ConcurrentHashMap.newKeySet();

	LiveCall(String callSid, Instant createdAt) {
		this.callSid = callSid;
		this.createdAt = createdAt;
	}

	public String callSid() {
		return this.callSid;
	}

	public Instant createdAt() {
		return this.createdAt;
	}

	public Instant answeredAt() {
		return this.answeredAt;
	}

	public Instant twimlAt() {
		return this.twimlAt;
	}

	public Instant streamStartAt() {
		return this.streamStartAt;
	}

	public Instant endedAt() {
		return this.endedAt;
	}

	public String streamUrl() {
		return this.streamUrl;
	}

	public Set<Track> expectedTracks() {
		return this.expectedTracks;
	}

	void answered(Instant at) {
		if (this.answeredAt == null) {
			this.answeredAt = at;
		}
	}

	void twimlServed(Instant at, String streamUrl) {
		if (this.twimlAt == null) {
			this.twimlAt = at;
		}
		this.streamUrl = streamUrl;
	}

	void streamStarted(Instant at, Set<Track> tracks, CallDirection direction) {
		if (this.streamStartAt == null) {
			this.streamStartAt = at;
		}
		this.expectedTracks = Set.copyOf(tracks);
		this.direction = direction;
	}

	public CallDirection direction() {
		return this.direction;
	}

	void ended(Instant at) {
		if (this.endedAt == null) {
			this.endedAt = at;
		}
	}

	/** A frame with audible energy arrived on a track (called per voiced frame: keep it cheap). */
	public void voiced(Track track, long clockMillis) {
		synchronized (this.lastVoicedMillis) {
			this.lastVoicedMillis.put(track, clockMillis);
		}
	}

	long lastVoicedMillis(Track track) {
		synchronized (this.lastVoicedMillis) {
			return this.lastVoicedMillis.getOrDefault(track, 0L);
		}
	}

	/** Returns true the first time a diagnostic key is fired for this call. */
	boolean fireOnce(String key) {
		return this.firedDiagnostics.add(key);
	}

}
