package com.talkhint.hint;

import java.util.Map;

import com.talkhint.audio.Speaker;
import com.talkhint.event.Hint;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How one utterance is decided when a rule block (a do-not-trigger phrase, a negated trigger) meets a meaning
 * score: the block holds unless the entry's {@code meaning-ignores} lists it and the score is confident
 * ({@link HintJudge#OVERRIDE}) and reaches the threshold.
 */
class HintJudgeTests {

	private static final String PLAYBOOK = """
			entries:
			  - id: escalation-request
			    kind: escalation
			    title: Escalation
			    text: Offer a supervisor.
			    triggers: ["speak|talk manager"]
			    do-not-trigger: ["my manager"]
			    examples: ["let me talk to your manager"]
			    meaning-threshold: 0.5
			    %s
			  - id: cancellation-risk
			    kind: objection
			    title: Cancellation
			    text: Ask what would make them stay.
			    triggers: ["cancel"]
			    examples: ["we are going to cancel"]
			    meaning-threshold: 0.5
			    %s
			""";

	private static final String VETOED = "my manager told me to speak to your manager about it";

	private static final String NEGATED = "we do not want to cancel we just want the new plan to work";

	@Test
	void aBlockHoldsAgainstAnyMeaningScoreUnlessTheEntryLetsTheMeaningOverrideIt() {
		HintMatcher plain = matcher("", "");
		assertThat(judge(plain, VETOED, "escalation-request", 0.99).fired()).isEmpty();
		assertThat(judge(plain, VETOED, "escalation-request", 0.99).blocked())
			.extracting(HintJudge.Blocked::reason).containsExactly("veto");
		assertThat(judge(plain, NEGATED, "cancellation-risk", 0.99).blocked())
			.extracting(HintJudge.Blocked::reason).containsExactly("negation");

		HintMatcher overriding = matcher("meaning-ignores: [do-not-trigger]", "meaning-ignores: [negation]");
		HintJudge.Judgement vetoed = judge(overriding, VETOED, "escalation-request", 0.95);
		assertThat(vetoed.fired()).singleElement().satisfies(f -> {
			assertThat(f.entry().id()).isEqualTo("escalation-request");
			assertThat(f.path()).as("a vetoed trigger never fires by rule").isEqualTo(Hint.MEANING);
		});
		assertThat(judge(overriding, NEGATED, "cancellation-risk", 0.95).fired()).extracting(f -> f.entry().id())
			.containsExactly("cancellation-risk");
	}

	@Test
	void anOverridableBlockStillHoldsUnderTheThresholdAndUnderAConfidentScore() {
		HintMatcher overriding = matcher("meaning-ignores: [do-not-trigger]", "meaning-ignores: [negation]");
		HintJudge.Judgement low = judge(overriding, VETOED, "escalation-request", 0.4);
		assertThat(low.fired()).isEmpty();
		assertThat(low.blocked()).extracting(HintJudge.Blocked::reason).containsExactly("veto");
		assertThat(judge(overriding, NEGATED, "cancellation-risk", 0.4).fired()).isEmpty();
		// over the threshold (0.5) but not confident: a veto outweighs a middling score
		assertThat(HintJudge.OVERRIDE).isGreaterThan(0.7);
		assertThat(judge(overriding, VETOED, "escalation-request", 0.7).blocked())
			.extracting(HintJudge.Blocked::reason).containsExactly("veto");
		assertThat(judge(overriding, NEGATED, "cancellation-risk", 0.7).fired()).isEmpty();
		// the override is per block: ignoring negation does not ignore a veto
		HintMatcher negationOnly = matcher("meaning-ignores: [negation]", "");
		assertThat(judge(negationOnly, VETOED, "escalation-request", 0.99).fired()).isEmpty();
	}

	/**
	 * The rule gate holds back a trigger the meaning path does not back, but not a name on the competitor list: that
	 * is the user's word, not a guess. Vetoes and negation still hold for it.
	 */
	@Test
	void theRuleGateHoldsBackTriggersButNotANameOnTheCompetitorList() {
		HintMatcher rules = new HintMatcher(Playbook.parse("""
				competitors:
				  - Chorus
				  - name: Zendesk
				    say: ["zen desk"]
				entries:
				  - id: competitor-mention
				    kind: objection
				    title: Competitor
				    text: Ask what they like about it.
				    match-competitors: true
				    triggers: ["other vendor"]
				    do-not-trigger: ["used to work at"]
				    examples: ["we are looking at another vendor"]
				    meaning-threshold: 0.5
				    rule-gate: 0.2
				""", "test.yml"));
		String id = "competitor-mention";
		assertThat(gated(rules, "a friend moved her team over to chorus and pays less", 0.02).fired())
			.singleElement().satisfies(f -> assertThat(f.path()).isEqualTo(Hint.RULE));
		assertThat(gated(rules, "we are on zen desk at the moment", 0.02).fired()).hasSize(1);
		HintJudge.Judgement generic = gated(rules, "the other vendor sent us a hamper", 0.02);
		assertThat(generic.fired()).isEmpty();
		assertThat(generic.blocked()).singleElement().satisfies(b -> assertThat(b.detail()).contains("rule gate"));
		// a sound-alike of a name is no name ("course" for Chorus), and a veto holds against a name too
		assertThat(gated(rules, "of course we pay less", 0.02).fired()).isEmpty();
		assertThat(gated(rules, "i used to work at chorus years ago", 0.02).fired()).isEmpty();
		assertThat(rules.playbook().entry(id).ruleGate()).isEqualTo(0.2);
	}

	@Test
	void anUnknownBlockNameIsAClearError() {
		assertThatThrownBy(() -> matcher("meaning-ignores: [speaker]", "")).isInstanceOf(PlaybookException.class)
			.hasMessageContaining("'meaning-ignores' may list [do-not-trigger, negation], not 'speaker'");
	}

	private static HintMatcher matcher(String escalation, String cancellation) {
		return new HintMatcher(Playbook.parse(PLAYBOOK.formatted(escalation, cancellation), "test.yml"));
	}

	/** The competitor entry judged with a meaning score under its rule gate (0.2) and its threshold (0.5). */
	private static HintJudge.Judgement gated(HintMatcher rules, String text, double score) {
		Playbook.Entry entry = rules.playbook().entry("competitor-mention");
		MeaningIndex.Score s = new MeaningIndex.Score(entry, score, 0.5, 0.2, "an example", null);
		return HintJudge.judge(rules, new Utterance(text), Speaker.CUSTOMER, Map.of(entry.id(), s));
	}

	private static HintJudge.Judgement judge(HintMatcher rules, String text, String id, double score) {
		Playbook.Entry entry = rules.playbook().entry(id);
		MeaningIndex.Score s = new MeaningIndex.Score(entry, score, 0.5, 0.0, "an example", null);
		return HintJudge.judge(rules, new Utterance(text), Speaker.CUSTOMER, Map.of(id, s));
	}

}
