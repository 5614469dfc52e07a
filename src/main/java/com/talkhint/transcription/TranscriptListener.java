package com.talkhint.transcription;

import com.talkhint.audio.Speaker;
import com.talkhint.audio.StreamContext;

/**
 * Told, on the node that holds the media stream, what each speaker says as it is recognised. The
 * transcription pipeline calls the listeners of {@link TranscriptListeners} in that order on the call's delivery
 * thread; listeners must be quick and must not throw.
 */
public interface TranscriptListener {

	/**
	 * The stream started; per-call state may be created here. Called on the thread that opens the stream,
	 * before any audio.
	 */
	default void onStreamStart(StreamContext context) {
	}

	/**
	 * A partial (unfinished) hypothesis changed.
	 * @param startMs stream time the utterance started
	 * @param nowMs stream time of the audio recognised so far
	 */
	default void onPartial(String callSid, Speaker speaker, String text, long startMs, long nowMs) {
	}

	/** An utterance is final. */
	default void onFinal(String callSid, TranscriptSegment segment) {
	}

	/**
	 * Stream time advanced on a track (called about every 100 ms of audio, speech or not): lets listeners
	 * time silences and monologues without a clock of their own.
	 */
	default void onAudioProgress(String callSid, Speaker speaker, long streamMs, boolean voiced) {
	}

	/** The stream ended; everything final has been delivered. */
	default void onStreamEnd(String callSid) {
	}

}
