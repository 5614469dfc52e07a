package com.talkhint.transcription;

import com.talkhint.audio.Speaker;

/**
 * Told when live transcription of a track degrades, so the core can show it as a diagnostic. Called on the
 * track's recognition thread, at most once per episode; must be quick and must not throw.
 */
public interface TranscriptionHealthListener {

	/**
	 * Recognition fell more than {@code talkhint.transcription.max-lag} behind real time and audio is being
	 * dropped (silence first) to catch up.
	 * @param lagMs how far behind the track was
	 * @param droppedFrames frames dropped on this track so far
	 */
	default void onFallingBehind(String callSid, Speaker speaker, long lagMs, long droppedFrames) {
	}

	/** The recogniser failed on this track; its audio is no longer transcribed (finals so far are kept). */
	default void onRecognizerFailed(String callSid, Speaker speaker, Exception cause) {
	}

}
