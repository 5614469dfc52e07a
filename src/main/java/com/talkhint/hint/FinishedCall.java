package com.talkhint.hint;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.talkhint.call.CallRecord;
import com.talkhint.event.CallEvent.CallSummary;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.Hint;

/**
 * The summary webhook's body: the call as {@code GET /api/calls/{sid}} shows it, built from the same records the
 * live events carry (a transcript line is a {@code transcript.final}'s data, a hint a {@code hint}'s, the summary
 * the {@code call.summary}'s). Fields that could not be read are left out.
 *
 * @param callSid the call
 * @param to the customer's number
 * @param agent the agent's number
 * @param direction inbound or outbound
 * @param status Twilio's last CallStatus
 * @param createdAt when TalkHint first heard of the call
 * @param endedAt when it ended
 * @param transcript the stored transcript, in order
 * @param hints the stored hints, in order
 * @param summary the after-call summary
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FinishedCall(String callSid, String to, String agent, String direction, String status, Instant createdAt,
		Instant endedAt, List<TranscriptFinal.Data> transcript, List<Hint> hints, CallSummary.Summary summary) {

	static FinishedCall of(String callSid, CallRecord call, List<TranscriptFinal.Data> transcript, List<Hint> hints,
			CallSummary.Summary summary) {
		if (call == null) {
			return new FinishedCall(callSid, null, null, null, null, null, null, transcript, hints, summary);
		}
		return new FinishedCall(callSid, call.to(), call.agent(), call.direction(), call.status(), call.createdAt(),
				call.endedAt(), transcript, hints, summary);
	}

}
