package com.talkhint.hint;

/**
 * Event types the hint engine publishes on {@code /ui/events} besides {@code hint} (payloads in the report
 * and on each constant). Kept here rather than in {@code TalkHintEvent} because only this feature emits them.
 */
public final class HintEvents {

	/**
	 * The live checklist, whole, each time an item is ticked (and once, all open, when the stream starts):
	 * {@code {items: [{id, label, done, atMs}]}}; atMs is the stream time the item was said, null while open.
	 */
	public static final String COACHING_CHECKLIST = "coaching.checklist";

	/**
	 * Talk-time numbers, at most every 5 s of stream time and after each final:
	 * {@code {atMs, agentMs, customerMs, talkRatio, monologueMs}}; talkRatio is agent / (agent + customer).
	 */
	public static final String COACHING_METRICS = "coaching.metrics";

	/**
	 * The after-call summary, once at stream end (also stored as the call's {@code summary_json}):
	 * {@code {callSid, durationMs, agentMs, customerMs, talkRatio, hints: [{id, kind, title, atMs, trigger}],
	 * hintCounts: {id: n}, checklist: [...], questions: [{text, atMs, answered}], nextSteps: [{speaker, text, atMs}]}}.
	 */
	public static final String CALL_SUMMARY = "call.summary";

	private HintEvents() {
	}

}
