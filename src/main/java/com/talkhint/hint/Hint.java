package com.talkhint.hint;

/**
 * A hint shown to the agent (SPEC: {@code {id, kind, title, text, atMs, trigger}}).
 *
 * @param id playbook id, e.g. {@code price-objection}
 * @param kind objection, compliance, escalation, info or coaching
 * @param title short headline
 * @param text what the agent could say or do
 * @param atMs stream time the hint fired
 * @param trigger the words (or the rule) that fired it
 */
public record Hint(String id, String kind, String title, String text, long atMs, String trigger) {
}
