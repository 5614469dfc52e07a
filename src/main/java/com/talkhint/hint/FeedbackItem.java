package com.talkhint.hint;

import java.time.Instant;
import java.util.Locale;
import java.util.Set;

/**
 * The agent's verdict on a hint: {@code useful} or {@code wrong} on a card, {@code missed} on a customer line
 * that should have raised {@code hintId}. A wrong line becomes a look-alike of the hint, a missed one an example.
 *
 * @param text the redacted line (null only for useful)
 */
public record FeedbackItem(long id, String callSid, String hintId, String verdict, String text, Long atMs,
		Instant createdAt) {

	public static final String USEFUL = "useful";

	public static final String WRONG = "wrong";

	public static final String MISSED = "missed";

	public static final Set<String> VERDICTS = Set.of(USEFUL, WRONG, MISSED);

	/** Where an example came from, for the meaning path. */
	static final String SOURCE = "feedback";

	/** Whether this item teaches the meaning path something (a line with wrong or missed). */
	boolean teaches() {
		return this.text != null && !this.text.isBlank() && !this.verdict.equals(USEFUL);
	}

	static String normaliseVerdict(String verdict) {
		return (verdict == null) ? null : verdict.trim().toLowerCase(Locale.ROOT);
	}

}
