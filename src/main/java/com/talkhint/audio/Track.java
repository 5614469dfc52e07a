package com.talkhint.audio;

/**
 * A Media Streams track, named from Twilio's side: {@code inbound} is audio Twilio receives from the
 * party on the leg that runs the TwiML, {@code outbound} is what Twilio plays to that party.
 */
public enum Track {

	INBOUND("inbound"), OUTBOUND("outbound");

	private final String wireName;

	Track(String wireName) {
		this.wireName = wireName;
	}

	/** The value of {@code media.track} in Twilio's JSON. */
	public String wireName() {
		return this.wireName;
	}

	/** Parses {@code media.track}; returns {@code null} for anything Twilio does not send. */
	public static Track fromWire(String value) {
		if ("inbound".equals(value)) {
			return INBOUND;
		}
		if ("outbound".equals(value)) {
			return OUTBOUND;
		}
		return null;
	}

}
