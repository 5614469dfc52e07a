package com.talkhint.call;

import java.time.Instant;

/**
 * The milestones of a call as stored by every node (the TwiML webhook and the media stream may each land on
 * a different node): what the {@link DiagnosticsWatchdog} decides on.
 */
record CallProgress(String callSid, Instant answeredAt, Instant twimlAt, Instant streamAt, Instant endedAt,
		String streamUrl) {
}
