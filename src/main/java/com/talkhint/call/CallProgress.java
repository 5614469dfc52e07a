package com.talkhint.call;

import java.time.Instant;

/**
 * The milestones of a call as stored by every node (the TwiML webhook and the media stream may each land on
 * a different node): what the {@link DiagnosticsWatchdog} and the Twilio call inspector decide on.
 *
 * @param callSid Twilio's call sid
 * @param direction {@code outbound} (placed by {@code /start-call}) or {@code inbound}
 * @param status the last CallStatus stored (from the REST answer at placement or a status callback)
 * @param createdAt when TalkHint first knew of the call (for a placed call: when Twilio accepted it)
 * @param answeredAt the first status callback saying answered, or the TwiML fetch
 * @param twimlAt when TalkHint served the call's TwiML
 * @param streamAt when the media stream started
 * @param endedAt when the call ended
 * @param streamUrl the stream URL the served TwiML named
 * @param webhookAt when a webhook of Twilio's for the call (status callback, TwiML fetch, stream callback) first
 * reached any node, or {@code null}
 */
public record CallProgress(String callSid, String direction, String status, Instant createdAt, Instant answeredAt,
		Instant twimlAt, Instant streamAt, Instant endedAt, String streamUrl, Instant webhookAt) {

	/** Twilio has reached TalkHint for this call at least once (a status callback or the TwiML fetch). */
	public boolean heardFromTwilio() {
		return this.webhookAt != null || this.twimlAt != null;
	}

	/** The same progress with the stream's start known from elsewhere (this node's {@link LiveCall}). */
	CallProgress withStreamAt(Instant at) {
		return new CallProgress(this.callSid, this.direction, this.status, this.createdAt, this.answeredAt, this.twimlAt,
				at, this.endedAt, this.streamUrl, this.webhookAt);
	}

}
