package com.talkhint.event;

import java.time.Instant;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * {@code twilio.event}: a step of the call's Twilio side other than its status: TwiML served, a media stream
 * message ({@code connected}, {@code start}, first {@code media} per track, {@code stop}, the socket
 * {@code closed}) or a {@code <Stream statusCallback>} ({@code stream-started}, {@code stream-stopped},
 * {@code stream-error}). Which fields are set depends on {@link Data#event}; the factories say which.
 */
public record StreamEvent(String callSid, Instant at, Data data) implements CallEvent {

	public static final String TYPE = "twilio.event";

	@Override
	public String type() {
		return TYPE;
	}

	/** TalkHint answered the call's webhook with TwiML that streams to {@code streamUrl}. */
	public static Data twimlFetched(String webhook, String streamUrl) {
		return new Data("twiml-fetched", null, null, null, null, null, null, null, null, null, null, webhook,
				streamUrl, null);
	}

	/** A {@code <Stream statusCallback>}; {@code error} only for {@code stream-error}. */
	public static Data streamCallback(String event, String streamSid, String error) {
		return new Data(event, streamSid, null, null, null, null, null, null, null, null, null, null, null, error);
	}

	/** The media socket's {@code connected} message (published once {@code start} names the call). */
	public static Data connected(String protocol) {
		return new Data("connected", null, null, null, null, null, null, null, null, protocol, null, null, null,
				null);
	}

	/** The media stream's {@code start}: its tracks and the call's direction. */
	public static Data start(String streamSid, List<String> tracks, String direction) {
		return new Data("start", streamSid, tracks, direction, null, null, null, null, null, null, null, null, null,
				null);
	}

	/** The first {@code media} frame of a track, with the speaker it carries and its stream timestamp (ms). */
	public static Data firstMedia(String track, String speaker, long timestampMs) {
		return new Data("media", null, null, null, track, speaker, timestampMs, null, null, null, null, null, null,
				null);
	}

	/** The media stream's {@code stop}, with the frames each track sent. */
	public static Data stop(String streamSid, long inboundFrames, long outboundFrames) {
		return new Data("stop", streamSid, null, null, null, null, null, inboundFrames, outboundFrames, null, null,
				null, null, null);
	}

	/** The media socket closed, with its WebSocket close code. */
	public static Data closed(int code) {
		return new Data("closed", null, null, null, null, null, null, null, null, null, code, null, null, null);
	}

	/**
	 * @param event what happened: {@code twiml-fetched}, {@code connected}, {@code start}, {@code media},
	 * {@code stop}, {@code closed}, or a stream status callback's {@code StreamEvent}
	 * @param streamSid the media stream ({@code start}, {@code stop}, stream callbacks)
	 * @param tracks the tracks the stream carries ({@code start})
	 * @param direction inbound or outbound ({@code start})
	 * @param track inbound or outbound ({@code media})
	 * @param speaker agent or customer ({@code media})
	 * @param timestamp the frame's stream time in ms ({@code media})
	 * @param inboundFrames frames the inbound track sent ({@code stop})
	 * @param outboundFrames frames the outbound track sent ({@code stop})
	 * @param protocol Twilio's protocol name ({@code connected})
	 * @param code the WebSocket close code ({@code closed})
	 * @param webhook the webhook that served the TwiML ({@code twiml-fetched})
	 * @param streamUrl where the TwiML points the stream ({@code twiml-fetched})
	 * @param error Twilio's StreamError ({@code stream-error})
	 */
	@JsonInclude(JsonInclude.Include.NON_NULL)
	public record Data(String event, String streamSid, List<String> tracks, String direction, String track,
			String speaker, Long timestamp, Long inboundFrames, Long outboundFrames, String protocol, Integer code,
			String webhook, String streamUrl, String error) {
	}

}
