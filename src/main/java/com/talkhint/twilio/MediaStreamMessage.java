package com.talkhint.twilio;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.talkhint.audio.Track;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.exc.InputCoercionException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.InvalidTypeIdException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.json.JsonMapper;

/**
 * A Twilio Media Streams message (TWILIO.md §1.2), bound by Jackson rather than parsed by hand: the types mirror
 * Twilio's JSON and the {@code event} property picks the type. {@code sequenceNumber}, {@code chunk} and
 * {@code timestamp} arrive as strings and are read as numbers (JSON numbers are accepted too); fields Twilio may
 * add are ignored. Anything else is rejected with {@link MalformedMessageException} naming the field: Jackson's
 * exceptions become those reasons in one place, {@link #malformed(JacksonException)}.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "event")
@JsonSubTypes({ @JsonSubTypes.Type(value = MediaStreamMessage.Connected.class, name = "connected"),
		@JsonSubTypes.Type(value = MediaStreamMessage.Start.class, name = "start"),
		@JsonSubTypes.Type(value = MediaStreamMessage.Media.class, name = "media"),
		@JsonSubTypes.Type(value = MediaStreamMessage.Stop.class, name = "stop"),
		@JsonSubTypes.Type(value = MediaStreamMessage.Dtmf.class, name = "dtmf"),
		@JsonSubTypes.Type(value = MediaStreamMessage.Mark.class, name = "mark") })
public sealed interface MediaStreamMessage {

	String event();

	/** {@code {"event":"connected","protocol":"Call","version":"1.0.0"}}: first message, no streamSid. */
	record Connected(String protocol, String version) implements MediaStreamMessage {
		public String event() {
			return "connected";
		}
	}

	/**
	 * Once, right after {@code connected}: which call, which tracks, the custom parameters. The stream sid is in
	 * {@code start} and beside it; either will do.
	 */
	record Start(long sequenceNumber, String streamSid, Details start) implements MediaStreamMessage {

		public Start {
			if (start == null) {
				throw new MalformedMessageException("missing 'start'");
			}
			streamSid = (start.streamSid() != null) ? start.streamSid() : streamSid;
			if (streamSid == null) {
				throw new MalformedMessageException("missing 'streamSid'");
			}
		}

		public String event() {
			return "start";
		}

		public String accountSid() {
			return this.start.accountSid();
		}

		public String callSid() {
			return this.start.callSid();
		}

		public List<String> tracks() {
			return this.start.tracks();
		}

		public Map<String, String> customParameters() {
			return this.start.customParameters();
		}

		public String encoding() {
			return (this.start.mediaFormat() != null) ? this.start.mediaFormat().encoding() : null;
		}

		public int sampleRate() {
			return (this.start.mediaFormat() != null) ? this.start.mediaFormat().sampleRate() : 0;
		}

		public int channels() {
			return (this.start.mediaFormat() != null) ? this.start.mediaFormat().channels() : 0;
		}

		/**
		 * The {@code start} object. Null entries of {@code tracks} and {@code customParameters} are dropped, so
		 * the handler's copies of them cannot fail.
		 */
		public record Details(String accountSid, String streamSid, String callSid, List<String> tracks,
				MediaFormat mediaFormat, Map<String, String> customParameters) {

			public Details {
				if (callSid == null) {
					throw new MalformedMessageException("missing 'callSid'");
				}
				tracks = (tracks == null) ? List.of() : tracks.stream().filter(Objects::nonNull).toList();
				Map<String, String> params = new LinkedHashMap<>();
				if (customParameters != null) {
					customParameters.forEach((k, v) -> {
						if (v != null) {
							params.put(k, v);
						}
					});
				}
				customParameters = Collections.unmodifiableMap(params);
			}

		}

		/** Always µ-law, 8000 Hz, mono from Twilio; kept for the log and the tests. */
		public record MediaFormat(String encoding, int sampleRate, int channels) {
		}

	}

	/**
	 * One 20 ms chunk of one track: base64 µ-law in {@code media.payload}. A class bound field by field, not a
	 * record: 100 of these arrive a second per call, and Jackson 3 builds a record through its constructor
	 * ({@code MethodHandle.invokeWithArguments}, costly on Java 17), which made a media message half as dear
	 * again as the hand parser it replaced (docs/benchmarks.md, "Media Streams messages").
	 * {@link #parse(ObjectReader, String)} checks it once bound.
	 */
	final class Media implements MediaStreamMessage {

		@JsonProperty
		private long sequenceNumber;

		@JsonProperty
		private String streamSid;

		@JsonProperty
		private Frame media;

		private Media() { // Jackson's
		}

		public String event() {
			return "media";
		}

		public long sequenceNumber() {
			return this.sequenceNumber;
		}

		public String streamSid() {
			return this.streamSid;
		}

		public Track track() {
			return this.media.track;
		}

		public long chunk() {
			return this.media.chunk;
		}

		public long timestampMs() {
			return this.media.timestamp;
		}

		public String payload() {
			return this.media.payload;
		}

		private void check() {
			if (this.media == null) {
				throw new MalformedMessageException("missing 'media'");
			}
			required(this.media.track, "track");
			required(this.media.timestamp, "timestamp");
			required(this.media.payload, "payload");
		}

		@Override
		public String toString() {
			return "Media[sequenceNumber=" + this.sequenceNumber + ", streamSid=" + this.streamSid + ", track="
					+ ((this.media != null) ? this.media.track : null) + "]";
		}

		/** The {@code media} object; its track read as a {@link Track} ({@code inbound}/{@code outbound} only). */
		private static final class Frame {

			private Track track;

			@JsonProperty
			private long chunk;

			@JsonProperty
			private Long timestamp;

			@JsonProperty
			private String payload;

			@JsonProperty("track")
			private void track(String wire) {
				this.track = Track.fromWire(required(wire, "track"));
				if (this.track == null) {
					throw new MalformedMessageException("media.track '" + truncate(wire) + "' is not inbound/outbound");
				}
			}

		}

	}

	/** The stream stopped or the call ended. */
	record Stop(long sequenceNumber, String streamSid, Details stop) implements MediaStreamMessage {

		public String event() {
			return "stop";
		}

		public String accountSid() {
			return (this.stop != null) ? this.stop.accountSid() : null;
		}

		public String callSid() {
			return (this.stop != null) ? this.stop.callSid() : null;
		}

		/** The {@code stop} object. */
		public record Details(String accountSid, String callSid) {
		}

	}

	/**
	 * Bidirectional streams only ({@code dtmf}, {@code mark}): accepted, logged, otherwise ignored. A type per
	 * event, so the {@code event} property needs not reach the record: making it visible would have Jackson
	 * replay every message, media included, through a token buffer.
	 */
	sealed interface Other extends MediaStreamMessage {

		String streamSid();

	}

	/** A key pressed (bidirectional streams only). */
	record Dtmf(String streamSid) implements Other {
		public String event() {
			return "dtmf";
		}
	}

	/** Twilio's echo of a mark the server sent (bidirectional streams only). */
	record Mark(String streamSid) implements Other {
		public String event() {
			return "mark";
		}
	}

	/**
	 * The reader {@link #parse(ObjectReader, String)} wants: {@code json}'s, set for Twilio's wire whatever the
	 * application's defaults are. Make it once (the handler does) and reuse it: deriving one costs about as much
	 * as reading a message.
	 */
	static ObjectReader reader(JsonMapper json) {
		return json.readerFor(MediaStreamMessage.class)
			.without(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES) // Twilio adds fields without notice
			.with(DeserializationFeature.FAIL_ON_INVALID_SUBTYPE) // an unknown event is an error, not a null
			.without(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES) // a null counter reads as absent: 0
			.without(DeserializationFeature.FAIL_ON_TRAILING_TOKENS); // parse() says so in its own words
	}

	/**
	 * Parses one message from its text; never returns {@code null}. Counters Twilio did not send read as 0 (it
	 * counts from 1).
	 *
	 * @param reader from {@link #reader(JsonMapper)}
	 * @throws MalformedMessageException naming what is wrong
	 */
	static MediaStreamMessage parse(ObjectReader reader, String text) {
		try (JsonParser parser = reader.createParser(text)) {
			// Checked first: Jackson would read an array as a type id and a value (["media",{...}]).
			if (parser.nextToken() != JsonToken.START_OBJECT) {
				throw new MalformedMessageException("message is not a JSON object");
			}
			MediaStreamMessage message = reader.readValue(parser);
			if (message instanceof Media media) {
				media.check();
			}
			if (parser.nextToken() != null) {
				throw new MalformedMessageException("not JSON: more after the message");
			}
			return message;
		}
		catch (JacksonException ex) {
			throw malformed(ex);
		}
	}

	/** Jackson's account of a message it could not bind, as the reason a diagnostic keeps: the field, briefly. */
	private static MalformedMessageException malformed(JacksonException ex) {
		for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
			if (cause instanceof MalformedMessageException reason) {
				return reason; // our own check (a record's constructor, the track's setter), wrapped by Jackson
			}
		}
		if (ex instanceof InvalidTypeIdException id) {
			return new MalformedMessageException((id.getTypeId() == null) ? "missing 'event'"
					: "unknown event '" + truncate(id.getTypeId()) + "'");
		}
		String field = field(ex);
		if (field != null && ex instanceof InputCoercionException) {
			return new MalformedMessageException("'" + field + "' is not a number: out of range");
		}
		if (ex instanceof StreamReadException) {
			return new MalformedMessageException("not JSON");
		}
		if (field != null && ex instanceof MismatchedInputException mismatch) {
			String expected = expected(mismatch.getTargetType());
			if (mismatch instanceof InvalidFormatException format && format.getValue() instanceof String value) {
				return new MalformedMessageException("'" + field + "' is not " + expected + ": '" + truncate(value) + "'");
			}
			return new MalformedMessageException("'" + field + "' is not " + expected);
		}
		return new MalformedMessageException("not a Media Streams message: " + truncate(ex.getOriginalMessage()));
	}

	/** The field Jackson was reading ({@code timestamp}, {@code tracks[1]}), or null at the top. */
	private static String field(JacksonException ex) {
		List<JacksonException.Reference> path = ex.getPath();
		String index = "";
		for (int i = path.size() - 1; i >= 0; i--) {
			JacksonException.Reference reference = path.get(i);
			if (reference.getPropertyName() != null) {
				return reference.getPropertyName() + index;
			}
			index = "[" + reference.getIndex() + "]" + index;
		}
		return null;
	}

	private static String expected(Class<?> type) {
		if (type == null) {
			return "valid";
		}
		if (type == String.class) {
			return "a string";
		}
		if (type == long.class || type == Long.class || type == int.class || type == Integer.class) {
			return "a number";
		}
		if (List.class.isAssignableFrom(type)) {
			return "an array";
		}
		return "an object";
	}

	private static <T> T required(T value, String field) {
		if (value == null) {
			throw new MalformedMessageException("missing '" + field + "'");
		}
		return value;
	}

	private static String truncate(String value) {
		return (value == null) ? "" : (value.length() > 40) ? value.substring(0, 40) + "…" : value;
	}

	/** A message that is not valid Media Streams JSON; the message says which field. */
	final class MalformedMessageException extends RuntimeException {

		MalformedMessageException(String message) {
			super(message);
		}

	}

}
