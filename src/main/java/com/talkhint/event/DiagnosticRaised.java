package com.talkhint.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code diagnostic}: something is wrong with the call (or the node), with its cause and fix; or, with
 * {@code resolved: true}, a condition behind an earlier diagnostic of the same code ended.
 */
public record DiagnosticRaised(String callSid, Instant at, Data data) implements CallEvent {

	public static final String TYPE = "diagnostic";

	@Override
	public String type() {
		return TYPE;
	}

	/** A raised diagnostic. */
	public static DiagnosticRaised raised(String callSid, Instant at, String code, String message, String cause,
			String fix) {
		return new DiagnosticRaised(callSid, at, new Data(code, message, cause, fix, null));
	}

	/** The condition behind the code's diagnostic ended: browsers take it down. */
	public static DiagnosticRaised resolved(String callSid, Instant at, String code, String message) {
		return new DiagnosticRaised(callSid, at, new Data(code, message, null, null, true));
	}

	/**
	 * @param code stable code, e.g. {@code stream-dropped}
	 * @param message what happened
	 * @param cause the likely cause (raised only)
	 * @param fix what to do (raised only)
	 * @param resolved {@code true} when the condition ended, absent when raised
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Data(String code, String message, String cause, String fix, Boolean resolved) {
	}

}
