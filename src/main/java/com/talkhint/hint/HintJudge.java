package com.talkhint.hint;

import com.talkhint.event.Hint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.talkhint.audio.Speaker;

/**
 * Decides one utterance with both paths: an entry fires by rule when a trigger matches and its meaning score
 * is at least the entry's rule gate (a low bar: the rules alone lost precision on customers from other
 * industries), else by meaning when its score reaches its threshold; the meaning path obeys the same
 * speaker scope, vetoes and negation as the rules (except the blocks an entry's {@code meaning-ignores} lists,
 * which a confident score, {@link #OVERRIDE} and the threshold, overrides), and a feedback line nearly identical to the utterance decides
 * it ("wrong" blocks, "missed" fires). What came close but did not fire is reported with the reason.
 */
final class HintJudge {

	/**
	 * The meaning score that may override a block an entry's {@code meaning-ignores} lists (and only when it also
	 * reaches the entry's threshold). Overriding at the threshold itself fired escalation-request on the
	 * recogniser's garble of a look-alike, "hi i'm i'm real fear in the north with my manager after this" (0.65,
	 * "I will share the notes with my manager after this", vetoed by "my manager"): a hand-written veto outweighs a
	 * middling score on words that barely parse. 0.8, not the 0.9 first chosen: leave-one-set-out over 101 sets
	 * (2026-12-06) found 15 more hints at 0.8 with the same 685 false alarms (16,558 against 16,543 true positives),
	 * lines such as "I want to cancel my flight training membership" (0.86, stopped by the trip veto
	 * {@code cancel ... flight}). {@code talkhint.hints.override} sets it for the benchmark only.
	 */
	static final double OVERRIDE = Double.parseDouble(System.getProperty("talkhint.hints.override", "0.8"));

	/** An entry whose meaning score reached this share of its threshold "came close" and is reported as blocked. */
	static final double CLOSE = 0.5;

	/** A fired hint: path "rule" (evidence the trigger phrase, words the matched words) or "meaning". */
	record Fired(Playbook.Entry entry, String path, Double score, String evidence, String words) {
	}

	/** An entry that came close: the reason ({@link Block#wireName()}), a detail, the meaning score. */
	record Blocked(Playbook.Entry entry, String reason, String detail, Double score) {
	}

	record Judgement(List<Fired> fired, List<Blocked> blocked) {
	}

	private HintJudge() {
	}

	/**
	 * @param meaning the meaning scores of the utterance ({@link MeaningIndex#score}), empty while the model loads
	 */
	static Judgement judge(HintMatcher rules, Utterance u, Speaker speaker, Map<String, MeaningIndex.Score> meaning) {
		List<Fired> fired = new ArrayList<>();
		List<Blocked> blocked = new ArrayList<>();
		for (HintMatcher.Verdict v : rules.explain(u, speaker)) {
			Playbook.Entry e = v.entry();
			MeaningIndex.Score s = meaning.get(e.id());
			Double score = (s != null) ? round(s.score()) : null;
			boolean meaningAbove = s != null && s.above();
			boolean meaningClose = s != null && (meaningAbove || s.score() >= CLOSE * s.threshold());
			boolean overridden = v.block() != null && meaningAbove && s.score() >= OVERRIDE
					&& e.meaningIgnores().contains(v.block());
			if (v.block() != null && !overridden) {
				if (v.match() != null || meaningClose || v.block() == Block.NEGATION
						|| v.block() == Block.VETO) {
					blocked.add(new Blocked(e, v.block().wireName(), v.reason(), score));
				}
				continue;
			}
			if (s != null && s.nearFeedback() != null && !s.nearFeedback().example()) {
				blocked.add(new Blocked(e, Block.LOOK_ALIKE.wireName(),
						"marked wrong before: \"" + s.nearFeedback().text() + "\"", score));
				continue;
			}
			// a vetoed or negated trigger match never fires by rule, only the meaning score may override the block
			HintMatcher.Match match = overridden ? null : v.match();
			// the rule gate holds back triggers the meaning path does not back; a name on the user's competitor list
			// is not a guess about meaning: 52 of the 55 labelled customer lines that say one are competitor
			// mentions, and "moved her team over to Chorus and pays less" reads as price to the meaning path
			if (match != null && s != null && s.nearFeedback() == null && s.score() < s.ruleGate()
					&& !rules.listedCompetitor(match)) {
				blocked.add(new Blocked(e, Block.SCORE.wireName(), "trigger '" + match.phrase()
						+ "' matched, but the meaning score " + round(s.score()) + " is under the rule gate "
						+ round(s.ruleGate()) + ((s.closest() != null) ? "; closest example \"" + s.closest() + "\"" : ""),
						score));
			}
			else if (match != null) {
				fired.add(new Fired(e, Hint.RULE, score, match.phrase(), match.words()));
			}
			else if (meaningAbove) {
				String evidence = (s.nearFeedback() != null) ? s.nearFeedback().text() : s.closest();
				fired.add(new Fired(e, Hint.MEANING, score, evidence, null));
			}
			else if (meaningClose) {
				blocked.add(new Blocked(e, Block.SCORE.wireName(),
						"meaning score " + round(s.score()) + " under its threshold " + round(s.threshold())
								+ ((s.closest() != null) ? "; closest example \"" + s.closest() + "\"" : ""),
						score));
			}
		}
		return new Judgement(fired, blocked);
	}

	/** How many of the recogniser's next readings of a final a meaning decision must also hold on. */
	static final int READINGS_AGREEING = 2;

	/**
	 * The recogniser's next readings of a final that differ in words from the best one, at most
	 * {@link #READINGS_AGREEING}, in the recogniser's order.
	 */
	static List<String> nextReadings(String best, List<String> alternatives) {
		Set<String> seen = new HashSet<>();
		seen.add(SentenceEncoder.normalise(best));
		List<String> out = new ArrayList<>();
		for (String a : alternatives) {
			if (out.size() < READINGS_AGREEING && !a.isBlank() && seen.add(SentenceEncoder.normalise(a))) {
				out.add(a);
			}
		}
		return out;
	}

	/** Whether the judgement fired an entry by meaning score alone (not by a trigger, not by the agent's feedback). */
	static boolean firedByMeaning(Judgement j, Map<String, MeaningIndex.Score> best) {
		return j.fired().stream().anyMatch(f -> byMeaning(f, best));
	}

	private static boolean byMeaning(Fired f, Map<String, MeaningIndex.Score> best) {
		MeaningIndex.Score s = best.get(f.entry().id());
		return f.path().equals(Hint.MEANING) && s != null && s.nearFeedback() == null;
	}

	/**
	 * Keeps a hint the meaning path fired on the recogniser's best reading of a final only if each of its next
	 * readings ({@link #nextReadings}) reaches the entry's threshold too. On recognised speech the words the
	 * recogniser is least sure of are the ones its readings disagree on; a meaning decision that changes with them
	 * rests on a garble. In the audio replay of the test calls "we already you feel for for other pipeline" (for "we
	 * already use Salesforce for our pipeline") scored competitor-mention, its next reading "... for another
	 * pipeline" cancellation-risk; "the price increase itself as find that ..." read as a price objection, the
	 * reading "... itself is fine ..." not. A clearly heard line scores alike on every reading. Hints fired by a
	 * trigger or by the agent's feedback, and lines without readings (typed text, the playbook lab), are unchanged.
	 *
	 * @param best the scores of the best reading
	 * @param readings the scores of each next reading, by its text
	 */
	static Judgement agreed(Judgement j, Map<String, MeaningIndex.Score> best,
			Map<String, Map<String, MeaningIndex.Score>> readings) {
		List<Fired> fired = new ArrayList<>();
		List<Blocked> blocked = new ArrayList<>(j.blocked());
		for (Fired f : j.fired()) {
			Disagreement d = byMeaning(f, best) ? disagreement(f.entry(), readings) : null;
			if (d == null) {
				fired.add(f);
				continue;
			}
			blocked.add(new Blocked(f.entry(), Block.SCORE.wireName(), "meaning score " + f.score()
					+ ", but " + ((d.score() != null) ? round(d.score().score()) + ", under its threshold "
							+ round(d.score().threshold()) + "," : "none")
					+ " on the recogniser's next reading \"" + d.reading() + "\"", f.score()));
		}
		return new Judgement(fired, blocked);
	}

	/** A next reading on which an entry's meaning score is not above its threshold ({@code score} null: not scored). */
	private record Disagreement(String reading, MeaningIndex.Score score) {
	}

	private static Disagreement disagreement(Playbook.Entry e, Map<String, Map<String, MeaningIndex.Score>> readings) {
		for (Map.Entry<String, Map<String, MeaningIndex.Score>> r : readings.entrySet()) {
			MeaningIndex.Score s = r.getValue().get(e.id());
			if (s == null || !s.above()) {
				return new Disagreement(r.getKey(), s);
			}
		}
		return null;
	}

	static double round(double v) {
		return Math.round(v * 1000) / 1000.0;
	}

}
