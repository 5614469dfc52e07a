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
 * @param confidences the recogniser's confidence in each word of {@code text} (split on spaces), in order, 0 to 1;
 * empty when unknown. Stored and shown (the page dims the words it was unsure of).
 */
public record TranscriptSegment(Speaker speaker, String text, long startMs, long endMs, List<String> alternatives,
		List<Double> confidences) {

	/** A word recognised with less confidence than this is shown as unsure (dimmed) on the call page. */
	public static final double UNSURE_BELOW = 0.6;

	public TranscriptSegment {
		alternatives = (alternatives == null) ? List.of() : List.copyOf(alternatives);
		confidences = (confidences == null) ? List.of() : List.copyOf(confidences);
	}

	public TranscriptSegment(Speaker speaker, String text, long startMs, long endMs, List<String> alternatives) {
		this(speaker, text, startMs, endMs, alternatives, List.of());
	}

	public TranscriptSegment(Speaker speaker, String text, long startMs, long endMs) {
		this(speaker, text, startMs, endMs, List.of(), List.of());
	}

}
