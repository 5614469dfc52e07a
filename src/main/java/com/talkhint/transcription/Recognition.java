package com.talkhint.transcription;

/**
 * A final result of a {@link RecognitionSession}, timed on the media stream's clock.
 *
 * @param text the words, lower case, no punctuation; empty when the utterance held no words (noise)
 * @param startMs start of the first word, ms from the start of the media stream
 * @param endMs end of the last word, same clock
 * @param alternatives the recogniser's next-best readings of the same audio (n-best), best first, without
 * {@code text} itself; empty when the recogniser gives none. Used to match hints, never stored or shown.
 */
public record Recognition(String text, long startMs, long endMs, java.util.List<String> alternatives) {

	/** An utterance in which nothing was recognised. */
	public static final Recognition NOTHING = new Recognition("", 0, 0);

	public Recognition {
		alternatives = (alternatives == null) ? java.util.List.of() : java.util.List.copyOf(alternatives);
	}

	public Recognition(String text, long startMs, long endMs) {
		this(text, startMs, endMs, java.util.List.of());
	}

	public boolean isEmpty() {
		return this.text.isEmpty();
	}

}
