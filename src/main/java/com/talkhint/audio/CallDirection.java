package com.talkhint.audio;

/** Which way the call was placed: by TalkHint ({@code /start-call}) or to the Twilio number. */
public enum CallDirection {

	OUTBOUND, INBOUND;

	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	public static CallDirection fromWire(String value) {
		return "inbound".equalsIgnoreCase(value) ? INBOUND : OUTBOUND;
	}

}
