package com.talkhint.hint;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Recall and precision per hint id on the text of five scenarios (the two shared ones, two paraphrase calls
 * and a call full of look-alikes), each utterance fed as a final to the matcher. Prints the table.
 */
class HintEvaluationTests {

	private static final HintMatcher playbook = new HintMatcher(Playbook.defaults());

	@Test
	void textLevelRecallAndPrecision() {
		Evaluation eval = new Evaluation();
		for (Scenario scenario : Evaluation.scenarios()) {
			for (int i = 0; i < scenario.utterances().size(); i++) {
				var u = scenario.utterances().get(i);
				Set<String> fired = new HashSet<>();
				playbook.match(new Utterance(u.text()), u.speaker()).forEach(m -> fired.add(m.entry().id()));
				eval.score(scenario, i, fired);
			}
		}
		System.out.println(eval.table("Text level (reference text as finals, per utterance, no cooldowns)"));
		assertThat(eval.precision()).isGreaterThanOrEqualTo(0.95);
		assertThat(eval.recall()).isGreaterThanOrEqualTo(0.85);
		assertThat(eval.errors).noneMatch(e -> e.startsWith("FP") && e.contains("precision-traps"));
	}

}
