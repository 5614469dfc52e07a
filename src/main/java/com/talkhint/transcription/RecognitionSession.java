package com.talkhint.transcription;

import java.util.Optional;

/**
 * Recognition of one continuous audio stream (one track), used from a single thread. Audio is fed with the
 * media-stream time it starts at, so results come back timed on that clock even when silences were
 * skipped in between.
 */
public interface RecognitionSession extends AutoCloseable {

	/**
	 * Feeds audio at {@link SpeechRecognizer#sampleRate()}.
	 * @param pcm 16-bit mono samples
	 * @param streamMs media-stream time of {@code pcm[0]}
	 * @return the utterance's final result when the recogniser decided on its own that it ended (its text
	 * is empty when the utterance held no words)
	 */
	Optional<Recognition> accept(short[] pcm, double streamMs);

	/** The current partial hypothesis of the utterance in progress, {@code ""} when there is none. */
	String partial();

	/**
	 * Ends the utterance in progress on the audio decoded so far, and keeps listening: the next audio continues the
	 * same stream (with Vosk, the feature pipeline and its speaker adaptation carry on, as after an endpoint of its
	 * own). What was fed but not decoded yet (Vosk decodes some hundreds of ms behind, for want of right context)
	 * opens the next utterance, so feed a little silence after the last words first.
	 */
	Recognition endAtPause();

	/**
	 * Ends the utterance in progress now, with every sample fed decoded: for the end of the stream. With Vosk this
	 * also restarts the feature pipeline, so the speaker adaptation gathered so far is lost.
	 */
	Recognition finish();

	/** Releases the native resources; the session is unusable afterwards. Idempotent. */
	@Override
	void close();

}
