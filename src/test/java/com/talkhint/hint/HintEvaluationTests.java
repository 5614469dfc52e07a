package com.talkhint.hint;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;

import com.talkhint.audio.Speaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

	/**
	 * Six sets of customer lines (120, 100, 100, 90, 100 and 100: paraphrases of the six customer hints and look-alikes),
	 * each written by someone who never saw the playbook. Each was scored before it was used to extend the
	 * playbook (docs/hints.md has those first figures); the floors here keep what was reached.
	 */
	@ParameterizedTest(name = "customer-lines-{0}")
	@ValueSource(strings = { "a", "b", "c", "d", "e", "f" })
	void independentlyWrittenCustomerLines(String set) throws IOException {
		Evaluation eval = new Evaluation();
		String file = "/hints/customer-lines-" + set + ".tsv";
		int lineNo = 0;
		try (InputStream in = HintEvaluationTests.class.getResourceAsStream(file)) {
			assertThat(in).as(file).isNotNull();
			for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
				lineNo++;
				if (line.isBlank() || line.startsWith("#")) {
					continue;
				}
				String[] cols = line.split("\t", 2);
				assertThat(cols).as(file + ":" + lineNo).hasSize(2);
				assertThat(Evaluation.IDS.contains(cols[0]) || cols[0].equals("none")).as(file + ":" + lineNo + " label")
					.isTrue();
				Set<String> fired = new HashSet<>();
				playbook.match(new Utterance(cols[1]), Speaker.CUSTOMER).forEach(m -> fired.add(m.entry().id()));
				fired.removeIf((id) -> id.startsWith("info-")); // a price question getting the pricing card is right
				eval.score(set + ":" + lineNo, cols[1], cols[0].equals("none") ? Set.of() : Set.of(cols[0]), fired);
			}
		}
		System.out.println(eval.table("Customer lines, set " + set + " (text, customer speaker)"));
		assertThat(eval.precision()).isGreaterThanOrEqualTo(0.95);
		assertThat(eval.recall()).isGreaterThanOrEqualTo(0.85);
	}

}
