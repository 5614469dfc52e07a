package com.talkhint.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonInclude;

/** {@code coaching.metrics}: talk-time numbers, at most every 5 s of stream time and after each final. */
public record CoachingMetrics(String callSid, Instant at, Data data) implements CallEvent {

	public static final String TYPE = "coaching.metrics";

	@Override
	public String type() {
		return TYPE;
	}

	/**
	 * @param atMs stream time of the measurement
	 * @param agentMs the agent's talk time so far
	 * @param customerMs the customer's talk time so far
	 * @param talkRatio agent / (agent + customer) to three decimals, {@code null} (left out) before anyone spoke
	 * @param monologueMs how long the current speaker has held the floor, 0 when nobody does
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Data(long atMs, long agentMs, long customerMs, Double talkRatio, long monologueMs) {
	}

}
