package com.talkhint.call;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Track;

/**
 * What only this node knows of a call: whether its media stream is here and when each track was last
 * audible (for the silent-track diagnostic). Milestones every node must see (answered, TwiML served, stream
 * started, ended) are in the calls table. Written from webhook threads, the media socket thread and the
 * watchdog, hence volatile fields.
 */
public final class LiveCall {

	private final String callSid;

	private final Instant createdAt;

	private volatile Instant streamStartAt;

	private volatile Instant endedAt;

	private volatile Set<Track> expectedTracks = Set.of();

	private volatile CallDirection direction = CallDirection.OUTBOUND;

	/** Clock millis of the last frame with audible energy, per track; 0 = none yet. */
	private final Map<Track, Long> lastVoicedMillis = new EnumMap<>(Track.class);

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

	public Instant streamStartAt() {
		return this.streamStartAt;
	}

	public Instant endedAt() {
		return this.endedAt;
	}

	public Set<Track> expectedTracks() {
		return this.expectedTracks;
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

	public long lastVoicedMillis(Track track) {
		synchronized (this.lastVoicedMillis) {
			return this.lastVoicedMillis.getOrDefault(track, 0L);
		}
	}

}
