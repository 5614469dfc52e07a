package com.talkhint.transcription;

import com.talkhint.audio.Speaker;

/**
 * Told when live transcription of a track degrades or recovers, so the core can show it as a diagnostic.
 * Called on a recognition worker, at most once per episode; must be quick, must not throw and must not write to
 * a database or Redis on the calling thread (hand it off).
 */
public interface TranscriptionHealthListener {

	/**
	 * Recognition of the track fell more than {@code talkhint.transcription.max-lag} behind real time (or had to
	 * drop audio past {@code max-backlog}). No audio is dropped below that: the track catches up later.
	 */
	default void onLagging(String callSid, Speaker speaker, LagReport report) {
	}

	/** The track is back in real time (less than {@value TrackStats#CAUGHT_UP_MS} ms of audio waiting). */
	default void onCaughtUp(String callSid, Speaker speaker, LagReport report) {
	}

	/** A degradation step of the node reached this call's track (reported once per step per track). */
	default void onDegraded(String callSid, Speaker speaker, Degradation step, NodeLoad node) {
	}

	/** The recogniser failed on this track; its audio is no longer transcribed (finals so far are kept). */
	default void onRecognizerFailed(String callSid, Speaker speaker, Exception cause) {
	}

}
