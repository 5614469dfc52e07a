package com.talkhint.hint;

import java.util.List;
import java.util.Locale;

/**
 * What the page needs from the playbook in force to show live coaching: the talk-ratio and monologue thresholds
 * (the same numbers {@link CallCoach} fires its hints on) and the hints a user can pick when reporting a missed
 * one. Served through {@code /api/config}, so the page keeps no copy of them.
 *
 * @param talkRatioLimit agent share of talk time above which the talk-ratio hint fires (0..1), {@code null} when
 * the playbook has no talk-ratio rule
 * @param talkRatioAfterMs stream time before the talk ratio is judged
 * @param monologueLimitMs agent talk without a pause above which the monologue hint fires, {@code null} when the
 * playbook has no monologue rule
 * @param hints every playbook entry, in playbook order
 */
public record CoachingSettings(Double talkRatioLimit, Long talkRatioAfterMs, Long monologueLimitMs,
		List<HintInfo> hints) {

	static final double DEFAULT_TALK_RATIO = 0.65;

	static final double DEFAULT_TALK_RATIO_AFTER_SECONDS = 120;

	static final double DEFAULT_MONOLOGUE_SECONDS = 60;

	public CoachingSettings {
		hints = List.copyOf(hints);
	}

	/** The settings of {@code playbook}. */
	public static CoachingSettings of(Playbook playbook) {
		Playbook.Entry ratio = playbook.rule(Playbook.Rule.TALK_RATIO);
		Playbook.Entry monologue = playbook.rule(Playbook.Rule.MONOLOGUE);
		return new CoachingSettings((ratio != null) ? ratio.param("ratio", DEFAULT_TALK_RATIO) : null,
				(ratio != null) ? seconds(ratio.param("after-seconds", DEFAULT_TALK_RATIO_AFTER_SECONDS)) : null,
				(monologue != null) ? seconds(monologue.param("seconds", DEFAULT_MONOLOGUE_SECONDS)) : null,
				playbook.entries()
					.stream()
					.map((e) -> new HintInfo(e.id(), e.title(), e.kind(), e.scope().name().toLowerCase(Locale.ROOT),
							e.rule().wireName()))
					.toList());
	}

	private static long seconds(double seconds) {
		return Math.round(seconds * 1000);
	}

	/**
	 * One playbook entry as the page names it.
	 *
	 * @param speaker whose words it listens to: {@code customer}, {@code agent} or {@code any}
	 * @param rule {@code phrase} for a hint fired by what someone said, else the coaching rule that fires it
	 */
	public record HintInfo(String id, String title, String kind, String speaker, String rule) {
	}

}
