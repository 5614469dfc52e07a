package com.talkhint.event;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * One live event as the browser sees it on {@code /ui/events}: {@code {type, callSid, at, data}}.
 *
 * @param type one of {@link #CALL_STATUS}, {@link #TWILIO_EVENT}, {@link #TRANSCRIPT_PARTIAL},
 * {@link #TRANSCRIPT_FINAL}, {@link #HINT}, {@link #DIAGNOSTIC} (SPEC "HTTP and WebSocket interface")
 * @param callSid the Twilio call sid, or {@code null} for a process-wide event (e.g. a startup diagnostic)
 * @param at wall-clock time the event happened
 * @param data the type's payload; values are JSON-serialisable (strings, numbers, booleans, lists, maps)
 */
public record TalkHintEvent(String type, String callSid, Instant at, Map<String, Object> data) {

	public static final String CALL_STATUS = "call.status";

	public static final String TWILIO_EVENT = "twilio.event";

	public static final String TRANSCRIPT_PARTIAL = "transcript.partial";

	public static final String TRANSCRIPT_FINAL = "transcript.final";

	public static final String HINT = "hint";

	public static final String DIAGNOSTIC = "diagnostic";

	public TalkHintEvent {
		Objects.requireNonNull(type, "type");
		Objects.requireNonNull(at, "at");
		data = (data == null) ? Map.of() : data;
	}

}
