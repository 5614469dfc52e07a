package com.talkhint.transcription;

import java.util.List;

/**
 * A final result of a {@link RecognitionSession}, timed on the media stream's clock.
 *
 * @param text the words, lower case, no punctuation; empty when the utterance held no words (noise)
 * @param startMs start of the first word, ms from the start of the media stream
 * @param endMs end of the last word, same clock
 * @param alternatives the recogniser's next-best readings of the same audio (n-best), best first, without
 * {@code text} itself; empty when the recogniser gives none. Used to match hints, never stored or shown.
 * @param confidences how sure the recogniser is of each word of {@code text} (split on spaces), in order, 0 to 1;
 * empty when it gave none
 */
public record Recognition(String text, long startMs, long endMs, List<String> alternatives, List<Double> confidences) {

	/** An utterance in which nothing was recognised. */
	public static final Recognition NOTHING = new Recognition("", 0, 0);

	public Recognition {
		alternatives = (alternatives == null) ? List.of() : List.copyOf(alternatives);
		confidences = (confidences == null) ? List.of() : List.copyOf(confidences);
	}

	public Recognition(String text, long startMs, long endMs, List<String> alternatives) {
		this(text, startMs, endMs, alternatives, List.of());
	}

	public Recognition(String text, long startMs, long endMs) {
		this(text, startMs, endMs, List.of(), List.of());
	}

	public boolean isEmpty() {
		return this.text.isEmpty();
	}

}
