package com.talkhint.call;

import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Track;

/**
 * What only this node knows of a call: whether its media stream is here, when each track was last audible (for
 * the silent-track diagnostic), which diagnostics it already claimed, and each feature's own state of the call
 * (its {@link #attachment attachments}, such as the hint engine's coach). Milestones every node must see
 * (answered, TwiML served, stream started, ended) are in the calls table. Written from webhook threads, the media
 * socket thread, the delivery threads and the watchdog, hence volatile fields and concurrent sets.
 * <p>
 * {@link LiveCalls} holds one per call and forgets it, with everything on it, when the watchdog stops watching
 * the call: nothing else keeps per-call memory, so nothing else needs a sweep of its own.
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

	/** Once-keys of the diagnostics known to be stored for the call, so a standing condition is claimed once. */
	private final Set<String> claimedDiagnostics = ConcurrentHashMap.newKeySet();

	/** Each feature's state of the call, by the feature's own key: the core names none of them. */
	private final Map<Key<?>, Object> attachments = new ConcurrentHashMap<>();

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

	/**
	 * Remembers that the diagnostic {@code onceKey} is stored for the call; {@code false} when it already was, so
	 * the watchdog does not re-claim a standing condition in the database every second.
	 */
	boolean claimDiagnostic(String onceKey) {
		return this.claimedDiagnostics.add(onceKey);
	}

	/**
	 * A feature's state of this call, made by {@code create} on first use; every later call with the same key gets
	 * the same object, from any thread, until the call is forgotten. {@code create} runs at most once per call and
	 * key, under the attachments' lock: it must be quick and must not touch this call's attachments.
	 */
	@SuppressWarnings("unchecked")
	public <T> T attachment(Key<T> key, Supplier<? extends T> create) {
		return (T) this.attachments.computeIfAbsent(key, (k) -> create.get());
	}

	/** A feature's state of this call, or {@code null} if it has none (yet). */
	@SuppressWarnings("unchecked")
	public <T> T attachment(Key<T> key) {
		return (T) this.attachments.get(key);
	}

	/** The call is forgotten: its features' state goes with it, whoever still holds the LiveCall. */
	void forgotten() {
		this.attachments.clear();
		this.claimedDiagnostics.clear();
	}

	/**
	 * Names one kind of per-call state; declared by the feature that owns the state, usually as a constant. Keys
	 * compare by identity, so two features' keys never meet even under the same name; the type parameter makes
	 * {@link #attachment} typed without the core knowing the feature's classes.
	 *
	 * @param <T> the type of the state
	 */
	public static final class Key<T> {

		private final String name;

		public Key(String name) {
			this.name = name;
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

}
