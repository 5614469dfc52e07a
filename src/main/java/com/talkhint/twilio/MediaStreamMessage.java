package com.talkhint.twilio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.audio.Track;
import tools.jackson.databind.JsonNode;

/**
 * A Twilio Media Streams message, parsed from its JSON (TWILIO.md §1.2). {@code sequenceNumber},
 * {@code chunk} and {@code timestamp} arrive as strings and are parsed leniently (numbers accepted too);
 * anything else is rejected with {@link MalformedMessageException} naming the field.
 */
public sealed interface MediaStreamMessage {

	String event();

	/** {@code {"event":"connected","protocol":"Call","version":"1.0.0"}}: first message, no streamSid. */
	record Connected(String protocol, String version) implements MediaStreamMessage {
		public String event() {
			return "connected";
		}
	}

	/** Once, right after {@code connected}: which call, which tracks, the custom parameters. */
	record Start(long sequenceNumber, String streamSid, String accountSid, String callSid, List<String> tracks,
			String encoding, int sampleRate, int channels, Map<String, String> customParameters)
			implements MediaStreamMessage {
		public String event() {
			return "start";
		}
	}

	/** One 20 ms chunk of one track: base64 µ-law in {@code payload}. */
	record Media(long sequenceNumber, String streamSid, Track track, long chunk, long timestampMs, String payload)
			implements MediaStreamMessage {
		public String event() {
			return "media";
		}
	}

	/** The stream stopped or the call ended. */
	record Stop(long sequenceNumber, String streamSid, String accountSid, String callSid)
			implements MediaStreamMessage {
		public String event() {
			return "stop";
		}
	}

	/** Bidirectional streams only ({@code dtmf}, {@code mark}): accepted, logged, otherwise ignored. */
	record Other(String event, String streamSid) implements MediaStreamMessage {
	}

	/** Parses one message; never returns {@code null}. */
	static MediaStreamMessage parse(JsonNode root) {
		if (root == null || !root.isObject()) {
			throw new MalformedMessageException("message is not a JSON object");
		}
		String event = text(root, "event", true);
		return switch (event) {
			case "connected" -> new Connected(text(root, "protocol", false), text(root, "version", false));
			case "start" -> parseStart(root);
			case "media" -> parseMedia(root);
			case "stop" -> {
				JsonNode stop = object(root, "stop", false);
				yield new Stop(number(root, "sequenceNumber", false), text(root, "streamSid", false),
						(stop != null) ? text(stop, "accountSid", false) : null,
						(stop != null) ? text(stop, "callSid", false) : null);
			}
			case "dtmf", "mark" -> new Other(event, text(root, "streamSid", false));
			default -> throw new MalformedMessageException("unknown event '" + truncate(event) + "'");
		};
	}

	private static Start parseStart(JsonNode root) {
		JsonNode start = object(root, "start", true);
		List<String> tracks = new ArrayList<>();
		JsonNode trackNode = start.get("tracks");
		if (trackNode != null && trackNode.isArray()) {
			for (JsonNode t : trackNode) {
				if (t.isString()) {
					tracks.add(t.stringValue());
				}
			}
		}
		JsonNode format = object(start, "mediaFormat", false);
		Map<String, String> params = new LinkedHashMap<>();
		JsonNode custom = object(start, "customParameters", false);
		if (custom != null) {
			custom.forEachEntry((k, v) -> params.put(k, v.isString() ? v.stringValue() : v.toString()));
		}
		String streamSid = text(start, "streamSid", false);
		if (streamSid == null) {
			streamSid = text(root, "streamSid", true);
		}
		return new Start(number(root, "sequenceNumber", false), streamSid, text(start, "accountSid", false),
				text(start, "callSid", true), List.copyOf(tracks),
				(format != null) ? text(format, "encoding", false) : null,
				(format != null) ? (int) number(format, "sampleRate", false) : 0,
				(format != null) ? (int) number(format, "channels", false) : 0, params);
	}

	private static Media parseMedia(JsonNode root) {
		JsonNode media = object(root, "media", true);
		String trackName = text(media, "track", true);
		Track track = Track.fromWire(trackName);
		if (track == null) {
			throw new MalformedMessageException("media.track '" + truncate(trackName) + "' is not inbound/outbound");
		}
		String payload = text(media, "payload", true);
		return new Media(number(root, "sequenceNumber", false), text(root, "streamSid", false), track,
				number(media, "chunk", false), number(media, "timestamp", true), payload);
	}

	private static JsonNode object(JsonNode parent, String field, boolean required) {
		JsonNode node = parent.get(field);
		if (node == null || node.isNull()) {
			if (required) {
				throw new MalformedMessageException("missing '" + field + "'");
			}
			return null;
		}
		if (!node.isObject()) {
			throw new MalformedMessageException("'" + field + "' is not an object");
		}
		return node;
	}

	private static String text(JsonNode parent, String field, boolean required) {
		JsonNode node = parent.get(field);
		if (node == null || node.isNull()) {
			if (required) {
				throw new MalformedMessageException("missing '" + field + "'");
			}
			return null;
		}
		if (!node.isString()) {
			throw new MalformedMessageException("'" + field + "' is not a string");
		}
		return node.stringValue();
	}

	/** Twilio sends these numbers as strings ("1"); accept a JSON number as well. */
	private static long number(JsonNode parent, String field, boolean required) {
		JsonNode node = parent.get(field);
		if (node == null || node.isNull()) {
			if (required) {
				throw new MalformedMessageException("missing '" + field + "'");
			}
			return -1;
		}
		if (node.isIntegralNumber()) {
			return node.longValue();
		}
		if (node.isString()) {
			try {
				return Long.parseLong(node.stringValue().trim());
			}
			catch (NumberFormatException ex) {
				throw new MalformedMessageException("'" + field + "' is not a number: '" + truncate(node.stringValue()) + "'");
			}
		}
		throw new MalformedMessageException("'" + field + "' is not a number");
	}

	private static String truncate(String value) {
		return (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	/** A message that is not valid Media Streams JSON; the message says which field. */
	final class MalformedMessageException extends RuntimeException {

		MalformedMessageException(String message) {
			super(message);
		}

	}

}
