package com.talkhint.event;

import java.time.Instant;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * One thing that happened on a call, as every feature hands it on: published on the {@link EventBus}, sent to the
 * browser on {@code /ui/events}, carried over Redis, stored (its {@link #data()} in {@code call_events.data_json})
 * and posted in the summary webhook, always as the same JSON written by Jackson from the record:
 * {@code {type, callSid, at, data}} (SPEC "HTTP and WebSocket interface"). The {@code type} property names the
 * record, so {@code readValue(json, CallEvent.class)} gives the record back.
 * <p>
 * Nulls are left out, as the application's {@code default-property-inclusion: non_null} always did for the map
 * payloads these records replace; it is said here too so the wire does not depend on which mapper writes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = CallStatus.class, name = CallStatus.TYPE),
		@JsonSubTypes.Type(value = StreamEvent.class, name = StreamEvent.TYPE),
		@JsonSubTypes.Type(value = TranscriptPartial.class, name = TranscriptPartial.TYPE),
		@JsonSubTypes.Type(value = TranscriptFinal.class, name = TranscriptFinal.TYPE),
		@JsonSubTypes.Type(value = HintFired.class, name = HintFired.TYPE),
		@JsonSubTypes.Type(value = ChecklistTicked.class, name = ChecklistTicked.TYPE),
		@JsonSubTypes.Type(value = CoachingMetrics.class, name = CoachingMetrics.TYPE),
		@JsonSubTypes.Type(value = CallSummary.class, name = CallSummary.TYPE),
		@JsonSubTypes.Type(value = DiagnosticRaised.class, name = DiagnosticRaised.TYPE) })
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "callSid", "at", "data" })
public sealed interface CallEvent permits CallStatus, StreamEvent, TranscriptPartial, TranscriptFinal, HintFired,
		ChecklistTicked, CoachingMetrics, CallSummary, DiagnosticRaised {

	/** The Twilio call sid, or {@code null} for a process-wide event (e.g. a startup diagnostic). */
	String callSid();

	/** Wall-clock time the event happened. */
	Instant at();

	/** The type's payload: the wire's {@code data} object. */
	Record data();

	/** The wire's {@code type}, e.g. {@code call.status} (for logs and channel choice; Jackson writes it itself). */
	@JsonIgnore
	String type();

}
