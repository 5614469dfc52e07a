package com.talkhint.transcription;

import java.util.List;

import com.talkhint.audio.Speaker;

/**
 * One finished utterance of one speaker.
 *
 * @param speaker agent or customer
 * @param text recognised words, lower case, no punctuation (Vosk's output)
 * @param startMs start, in ms from the start of the media stream (Twilio's {@code timestamp} clock)
 * @param endMs end, same clock
 * @param alternatives the recogniser's next-best readings (n-best, redacted like {@code text}), for hint
 * matching only: never stored, sent to a browser or an LLM
 */
public record TranscriptSegment(Speaker speaker, String text, long startMs, long endMs, List<String> alternatives) {

	public TranscriptSegment {
		alternatives = (alternatives == null) ? List.of() : List.copyOf(alternatives);
	}

	public TranscriptSegment(Speaker speaker, String text, long startMs, long endMs) {
		this(speaker, text, startMs, endMs, List.of());
	}

}
