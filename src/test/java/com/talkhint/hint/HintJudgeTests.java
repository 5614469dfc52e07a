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

	@Test
	void anUnknownBlockNameIsAClearError() {
		assertThatThrownBy(() -> matcher("meaning-ignores: [speaker]", "")).isInstanceOf(PlaybookException.class)
			.hasMessageContaining("'meaning-ignores' may list [do-not-trigger, negation], not 'speaker'");
	}

	private static HintMatcher matcher(String escalation, String cancellation) {
		return new HintMatcher(Playbook.parse(PLAYBOOK.formatted(escalation, cancellation), "test.yml"));
	}

	private static HintJudge.Judgement judge(HintMatcher rules, String text, String id, double score) {
		Playbook.Entry entry = rules.playbook().entry(id);
		MeaningIndex.Score s = new MeaningIndex.Score(entry, score, 0.5, 0.0, "an example", null);
		return HintJudge.judge(rules, new Utterance(text), Speaker.CUSTOMER, Map.of(id, s));
	}

}
