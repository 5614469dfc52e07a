package com.talkhint.transcription;

/**
 * A final result of a {@link RecognitionSession}, timed on the media stream's clock.
 *
 * @param text the words, lower case, no punctuation; empty when the utterance held no words (noise)
 * @param startMs start of the first word, ms from the start of the media stream
 * @param endMs end of the last word, same clock
 */
public record Recognition(String text, long startMs, long endMs) {

	/** An utterance in which nothing was recognised. */
	public static final Recognition NOTHING = new Recognition("", 0, 0);

	public boolean isEmpty() {
		return this.text.isEmpty();
	}

}
