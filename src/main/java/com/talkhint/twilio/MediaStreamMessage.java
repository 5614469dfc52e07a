package com.talkhint.twilio;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.audio.Track;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

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

	/**
	 * Parses one message from its text; never returns {@code null}. A well-formed {@code media} message (100 a
	 * second per call) is read in one streaming pass without building a tree; anything else, and anything
	 * unexpected in a media message, goes through {@link #parse(JsonNode)}, which names what is wrong.
	 */
	static MediaStreamMessage parse(JsonMapper json, String text) {
		Media media = fastMedia(json, text);
		return (media != null) ? media : parse(json.readTree(text));
	}

	/** A media message with the usual fields in any order, or {@code null} when it is anything else. */
	private static Media fastMedia(JsonMapper json, String text) {
		try (JsonParser parser = json.createParser(text)) {
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				return null;
			}
			String event = null;
			long sequence = -1;
			String streamSid = null;
			Track track = null;
			long chunk = -1;
			long timestamp = Long.MIN_VALUE;
			String payload = null;
			for (JsonToken token = parser.nextToken(); token == JsonToken.PROPERTY_NAME; token = parser.nextToken()) {
				String field = parser.currentName();
				JsonToken value = parser.nextToken();
				switch (field) {
					case "event" -> event = fastString(parser, value);
					case "sequenceNumber" -> sequence = fastNumber(parser, value);
					case "streamSid" -> streamSid = fastString(parser, value);
					case "media" -> {
						if (value != JsonToken.START_OBJECT) {
							return null;
						}
						for (JsonToken t = parser.nextToken(); t == JsonToken.PROPERTY_NAME; t = parser.nextToken()) {
							String name = parser.currentName();
							JsonToken v = parser.nextToken();
							switch (name) {
								case "track" -> track = Track.fromWire(fastString(parser, v));
								case "chunk" -> chunk = fastNumber(parser, v);
								case "timestamp" -> timestamp = fastNumber(parser, v);
								case "payload" -> payload = fastString(parser, v);
								default -> parser.skipChildren();
							}
						}
					}
					default -> {
						return null; // not the media shape this fast path knows
					}
				}
				if (event != null && !event.equals("media")) {
					return null;
				}
			}
			if (!"media".equals(event) || track == null || payload == null || timestamp < 0 || sequence < -1
					|| chunk < -1 || parser.nextToken() != null) {
				return null;
			}
			return new Media(sequence, streamSid, track, chunk, timestamp, payload);
		}
		catch (RuntimeException ex) { // malformed JSON, numbers that are not numbers: the tree path says which
			return null;
		}
	}

	/** A string or null; anything else makes the fast path give up (the tree path names the field). */
	private static String fastString(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_STRING) {
			return parser.getString();
		}
		if (value == JsonToken.VALUE_NULL) {
			return null;
		}
		throw new IllegalArgumentException("not a string");
	}

	/** Twilio's string-encoded counters, or JSON integers; anything else makes the fast path give up. */
	private static long fastNumber(JsonParser parser, JsonToken value) {
		if (value == JsonToken.VALUE_NUMBER_INT) {
			return parser.getLongValue();
		}
		if (value == JsonToken.VALUE_STRING) {
			return Long.parseLong(parser.getString().trim());
		}
		if (value == JsonToken.VALUE_NULL) {
			return -1;
		}
		throw new IllegalArgumentException("not a number");
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
