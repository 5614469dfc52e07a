package com.talkhint.event;

import java.time.Instant;

/**
 * {@code call.status}: the call reached a Twilio CallStatus (or TalkHint's own {@code streaming} or
 * {@code interrupted}). The one per-call event every browser receives: it feeds the recent-calls list.
 */
public record CallStatus(String callSid, Instant at, Data data) implements CallEvent {

	public static final String TYPE = "call.status";

	public CallStatus(String callSid, Instant at, String status, String label) {
		this(callSid, at, new Data(status, label));
	}

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * @param status the CallStatus, e.g. {@code ringing}
	 * @param label what the page's status line says for it
	 */
	public record Data(String status, String label) {
	}

}
