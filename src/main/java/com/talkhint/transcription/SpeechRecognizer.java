package com.talkhint.transcription;

import java.io.IOException;
import java.time.Duration;

/** A speech recogniser that can run many independent sessions (one per track) over one loaded model. */
public interface SpeechRecognizer {

	/** The sample rate the sessions expect, in Hz. */
	int sampleRate();

	/**
	 * Whether sessions can be opened now: false while a recogniser that loads its model on demand
	 * ({@link #prepare()}) has not loaded it yet.
	 */
	default boolean ready() {
		return true;
	}

	/** Asks a recogniser that loads its model on demand to start loading it; returns at once. */
	default void prepare() {
	}

	/** Opens a session; it holds native resources until closed. */
	RecognitionSession open() throws IOException;

	/** Sessions opened and not yet closed (for leak checks and metrics). */
	int liveSessions();

	/** Sessions' native resources kept warm for the next track (0 for a recogniser that keeps nothing warm). */
	default int idle() {
		return 0;
	}

	/**
	 * Frees native resources kept warm for sessions to come that have waited at least {@code idleFor}.
	 * @return how many were freed since the last call (0 for a recogniser that keeps nothing warm)
	 */
	default int releaseIdle(Duration idleFor) {
		return 0;
	}

}
