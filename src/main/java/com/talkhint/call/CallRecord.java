package com.talkhint.call;

import java.time.Instant;

/** A stored call row: who, which way, its latest Twilio status and the milestones reached. */
public record CallRecord(String callSid, String direction, String to, String agent, String from, String status,
		String scenario, String streamSid, Instant createdAt, Instant answeredAt, Instant twimlAt, Instant streamAt,
		Instant endedAt, String summaryJson) {

	public static CallRecord created(String callSid, String direction, String to, String agent, String from,
			String status, String scenario, Instant createdAt) {
		return new CallRecord(callSid, direction, to, agent, from, status, scenario, null, createdAt, null, null, null,
				null, null);
	}

}
