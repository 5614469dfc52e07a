package com.talkhint.event;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

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
