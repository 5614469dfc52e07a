package com.talkhint.event;

import java.time.Instant;

/** {@code hint}: a hint fired for the agent; its data is the {@link Hint} itself. */
public record HintFired(String callSid, Instant at, Hint data) implements CallEvent {

	public static final String TYPE = "hint";

	@Override
	public String type() {
		return TYPE;
	}

}
