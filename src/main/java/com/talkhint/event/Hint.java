package com.talkhint.event;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A hint shown to the agent (SPEC: {@code {id, kind, title, text, atMs, trigger}}, plus how it fired).
 *
 * @param id playbook id, e.g. {@code price-objection}
 * @param kind objection, compliance, escalation, info or coaching
 * @param title short headline
 * @param text what the agent could say or do
 * @param atMs stream time the hint fired
 * @param trigger the words (or the rule) that fired it
 * @param path {@link #RULE} (a trigger phrase or a timing rule), {@link #MEANING} (the example-based model) or
 * {@link #LLM}
 * @param score the meaning model's score (0..1), {@code null} for a rule
 * @param evidence the example sentence the utterance was closest to, or the playbook trigger that matched
 * @param utterance the (redacted) words it fired on, {@code null} for timing rules
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Hint(String id, String kind, String title, String text, long atMs, String trigger, String path,
		Double score, String evidence, String utterance) {

	public static final String RULE = "rule";

	public static final String MEANING = "meaning";

	public static final String LLM = "llm";

	/** A rule hint with no utterance (timing rules), evidence the trigger. */
	public Hint(String id, String kind, String title, String text, long atMs, String trigger) {
		this(id, kind, title, text, atMs, trigger, RULE, null, trigger, null);
	}

}
