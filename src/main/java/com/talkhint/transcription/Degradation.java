package com.talkhint.transcription;

/**
 * How far a node has degraded live transcription to keep every call's audio in real time, in the order the
 * steps are taken: never by cutting audio out of a running call.
 */
public enum Degradation {

	/** Everything as configured. */
	NORMAL("normal"),
	/** Partial hypotheses are asked for less often (they cost a traceback, redaction, matching and events). */
	FEWER_PARTIALS("fewer-partials"),
	/** New utterances are decoded with the cheaper decoder settings (narrower beam, fewer active states). */
	ECONOMY_DECODER("economy-decoder"),
	/** {@code /start-call} answers 503: this node takes no new call until it is back in real time. */
	REFUSING_CALLS("refusing-calls");

	private final String wireName;

	Degradation(String wireName) {
		this.wireName = wireName;
	}

	/** As in metrics and diagnostics, e.g. {@code economy-decoder}. */
	public String wireName() {
		return this.wireName;
	}

}
