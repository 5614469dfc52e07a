package com.talkhint.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

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
 * The nine records are nested here, in the one file that names them all for Jackson; nested, they are the
 * sealed interface's permitted types without a {@code permits} list, and as files of their own each would refer
 * to this interface and it back to each of them.
 * <p>
 * Nulls are left out, as the application's {@code default-property-inclusion: non_null} always did for the map
 * payloads these records replace; it is said here too so the wire does not depend on which mapper writes it.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({ @JsonSubTypes.Type(value = CallEvent.CallStatus.class, name = CallEvent.CallStatus.TYPE),
		@JsonSubTypes.Type(value = CallEvent.StreamEvent.class, name = CallEvent.StreamEvent.TYPE),
		@JsonSubTypes.Type(value = CallEvent.TranscriptPartial.class, name = CallEvent.TranscriptPartial.TYPE),
		@JsonSubTypes.Type(value = CallEvent.TranscriptFinal.class, name = CallEvent.TranscriptFinal.TYPE),
		@JsonSubTypes.Type(value = CallEvent.HintFired.class, name = CallEvent.HintFired.TYPE),
		@JsonSubTypes.Type(value = CallEvent.ChecklistTicked.class, name = CallEvent.ChecklistTicked.TYPE),
		@JsonSubTypes.Type(value = CallEvent.CoachingMetrics.class, name = CallEvent.CoachingMetrics.TYPE),
		@JsonSubTypes.Type(value = CallEvent.CallSummary.class, name = CallEvent.CallSummary.TYPE),
		@JsonSubTypes.Type(value = CallEvent.DiagnosticRaised.class, name = CallEvent.DiagnosticRaised.TYPE) })
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({ "callSid", "at", "data" })
public sealed interface CallEvent {

	/** The Twilio call sid, or {@code null} for a process-wide event (e.g. a startup diagnostic). */
	String callSid();

	/** Wall-clock time the event happened. */
	Instant at();

	/** The type's payload: the wire's {@code data} object. */
	Record data();

	/** The wire's {@code type}, e.g. {@code call.status} (for logs and channel choice; Jackson writes it itself). */
	@JsonIgnore
	String type();

	/**
	 * {@code call.status}: the call reached a Twilio CallStatus (or TalkHint's own {@code streaming} or
	 * {@code interrupted}). The one per-call event every browser receives: it feeds the recent-calls list.
	 */
	public record CallStatus(String callSid, Instant at, Data data) implements CallEvent {

		public static final String TYPE = "call.status";

		public CallStatus(String callSid, Instant at, String status, String label) {
			this(callSid, at, new Data(status, label));
		}

		@Override
		public String type() {
			return TYPE;
		}

		/**
		 * @param status the CallStatus, e.g. {@code ringing}
		 * @param label what the page's status line says for it
		 */
		public record Data(String status, String label) {
		}

	}

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

	/** {@code transcript.partial}: the recogniser's current guess at an utterance still being spoken. */
	public record TranscriptPartial(String callSid, Instant at, Data data) implements CallEvent {

		public static final String TYPE = "transcript.partial";

		@Override
		public String type() {
			return TYPE;
		}

		/**
		 * @param speaker agent or customer
		 * @param text the words so far
		 * @param startMs stream time the utterance started
		 */
		public record Data(String speaker, String text, long startMs) {
		}

	}

	/** {@code transcript.final}: a finished utterance, as stored (redacted) in the call's transcript. */
	public record TranscriptFinal(String callSid, Instant at, Data data) implements CallEvent {

		public static final String TYPE = "transcript.final";

		@Override
		public String type() {
			return TYPE;
		}

		/**
		 * @param speaker agent or customer
		 * @param text the utterance
		 * @param startMs stream time it started
		 * @param endMs stream time it ended
		 * @param confidences the recogniser's confidence in each word (0 to 1), in order; empty when unknown
		 */
		public record Data(String speaker, String text, long startMs, long endMs, List<Double> confidences) {
		}

	}

	/** {@code hint}: a hint fired for the agent; its data is the {@link Hint} itself. */
	public record HintFired(String callSid, Instant at, Hint data) implements CallEvent {

		public static final String TYPE = "hint";

		@Override
		public String type() {
			return TYPE;
		}

	}

	/**
	 * {@code coaching.checklist}: the live checklist, whole, each time an item is ticked (and once, all open, when the
	 * stream starts).
	 */
	public record ChecklistTicked(String callSid, Instant at, Data data) implements CallEvent {

		public static final String TYPE = "coaching.checklist";

		public ChecklistTicked(String callSid, Instant at, List<ChecklistItem> items) {
			this(callSid, at, new Data(items));
		}

		@Override
		public String type() {
			return TYPE;
		}

		/** @param items every item of the playbook's checklist, in playbook order */
		public record Data(List<ChecklistItem> items) {
		}

	}

	/** {@code coaching.metrics}: talk-time numbers, at most every 5 s of stream time and after each final. */
	public record CoachingMetrics(String callSid, Instant at, Data data) implements CallEvent {

		public static final String TYPE = "coaching.metrics";

		@Override
		public String type() {
			return TYPE;
		}

		/**
		 * @param atMs stream time of the measurement
		 * @param agentMs the agent's talk time so far
		 * @param customerMs the customer's talk time so far
		 * @param talkRatio agent / (agent + customer) to three decimals, {@code null} (left out) before anyone spoke
		 * @param monologueMs how long the current speaker has held the floor, 0 when nobody does
		 */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		public record Data(long atMs, long agentMs, long customerMs, Double talkRatio, long monologueMs) {
		}

	}

	/**
	 * {@code call.summary}: the after-call summary, once at stream end; the same {@link Summary} is stored as the
	 * call's {@code summary_json} and posted in the summary webhook.
	 */
	public record CallSummary(String callSid, Instant at, Summary data) implements CallEvent {

		public static final String TYPE = "call.summary";

		@Override
		public String type() {
			return TYPE;
		}

		/**
		 * @param callSid the call
		 * @param durationMs stream time at the end
		 * @param agentMs the agent's talk time
		 * @param customerMs the customer's talk time
		 * @param talkRatio agent / (agent + customer) to three decimals, {@code null} when nobody talked
		 * @param hints every hint that fired, in order
		 * @param hintCounts how often each hint id fired
		 * @param checklist the checklist at the end
		 * @param questions the customer's questions and whether the agent answered them
		 * @param nextSteps the next steps agreed
		 */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		public record Summary(String callSid, long durationMs, long agentMs, long customerMs, Double talkRatio,
				List<SummaryHint> hints, Map<String, Integer> hintCounts, List<ChecklistItem> checklist,
				List<Question> questions, List<NextStep> nextSteps) {
		}

		/** A hint as the summary lists it: what fired and when, without the card's text. */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		public record SummaryHint(String id, String kind, String title, long atMs, String trigger) {

			public static SummaryHint of(Hint hint) {
				return new SummaryHint(hint.id(), hint.kind(), hint.title(), hint.atMs(), hint.trigger());
			}

		}

		/**
		 * @param text the customer's question
		 * @param atMs stream time it was asked
		 * @param answered whether the agent answered it, {@code null} when the call ended before the agent replied
		 */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		public record Question(String text, long atMs, Boolean answered) {
		}

		/**
		 * @param speaker who said it, agent or customer
		 * @param text the words
		 * @param atMs stream time
		 */
		public record NextStep(String speaker, String text, long atMs) {
		}

	}

	/**
	 * {@code diagnostic}: something is wrong with the call (or the node), with its cause and fix; or, with
	 * {@code resolved: true}, a condition behind an earlier diagnostic of the same code ended.
	 */
	public record DiagnosticRaised(String callSid, Instant at, Data data) implements CallEvent {

		public static final String TYPE = "diagnostic";

		@Override
		public String type() {
			return TYPE;
		}

		/** A raised diagnostic. */
		public static DiagnosticRaised raised(String callSid, Instant at, String code, String message, String cause,
				String fix) {
			return new DiagnosticRaised(callSid, at, new Data(code, message, cause, fix, null));
		}

		/** The condition behind the code's diagnostic ended: browsers take it down. */
		public static DiagnosticRaised resolved(String callSid, Instant at, String code, String message) {
			return new DiagnosticRaised(callSid, at, new Data(code, message, null, null, true));
		}

		/**
		 * @param code stable code, e.g. {@code stream-dropped}
		 * @param message what happened
		 * @param cause the likely cause (raised only)
		 * @param fix what to do (raised only)
		 * @param resolved {@code true} when the condition ended, absent when raised
		 */
		@JsonInclude(JsonInclude.Include.NON_NULL)
		public record Data(String code, String message, String cause, String fix, Boolean resolved) {
		}

	}

}
