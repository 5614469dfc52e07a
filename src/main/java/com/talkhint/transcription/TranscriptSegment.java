package com.talkhint.transcription;

import com.talkhint.audio.Speaker;

/**
 * One finished utterance of one speaker.
 *
 * @param speaker agent or customer
 * @param text recognised words, lower case, no punctuation (Vosk's output)
 * @param startMs start, in ms from the start of the media stream (Twilio's {@code timestamp} clock)
 * @param endMs end, same clock
 */
public record TranscriptSegment(Speaker speaker, String text, long startMs, long endMs) {
}
