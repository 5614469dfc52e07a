package com.talkhint.transcription;

import java.io.IOException;

/** A speech recogniser that can run many independent sessions (one per track) over one loaded model. */
public interface SpeechRecognizer {

	/** The sample rate the sessions expect, in Hz. */
	int sampleRate();

	/** Opens a session; it holds native resources until closed. */
	RecognitionSession open() throws IOException;

	/** Sessions opened and not yet closed (for leak checks and metrics). */
	int liveSessions();

}
