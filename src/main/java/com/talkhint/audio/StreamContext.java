package com.talkhint.audio;

import java.util.Map;

/**
 * What is known about a media stream when its {@code start} message arrives.
 *
 * @param callSid the call the stream belongs to
 * @param streamSid Twilio's {@code MZ…} stream id
 * @param direction outbound (placed by TalkHint) or inbound; decides which track is which speaker
 * @param customParameters the {@code <Parameter>} values of the TwiML
 */
public record StreamContext(String callSid, String streamSid, CallDirection direction,
		Map<String, String> customParameters) {

	public Speaker speakerOf(Track track) {
		return Speaker.of(track, this.direction);
	}

}
