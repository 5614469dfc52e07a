package com.talkhint.event;

import java.time.Instant;

/** {@code transcript.partial}: the recogniser's current guess at an utterance still being spoken. */
public record TranscriptPartial(String callSid, Instant at, Data data) implements CallEvent {

	public static final String TYPE = "transcript.partial";

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * @param speaker agent or customer
	 * @param text the words so far
	 * @param startMs stream time the utterance started
	 */
	public record Data(String speaker, String text, long startMs) {
	}

}
