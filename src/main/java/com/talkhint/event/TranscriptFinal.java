package com.talkhint.event;

import java.time.Instant;
import java.util.List;

/** {@code transcript.final}: a finished utterance, as stored (redacted) in the call's transcript. */
public record TranscriptFinal(String callSid, Instant at, Data data) implements CallEvent {

	public static final String TYPE = "transcript.final";

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * @param speaker agent or customer
	 * @param text the utterance
	 * @param startMs stream time it started
	 * @param endMs stream time it ended
	 * @param confidences the recogniser's confidence in each word (0 to 1), in order; empty when unknown
	 */
	public record Data(String speaker, String text, long startMs, long endMs, List<Double> confidences) {
	}

}
