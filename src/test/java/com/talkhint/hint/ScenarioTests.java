package com.talkhint.hint;

import com.talkhint.event.Hint;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The built-in scenarios' text, replayed as partials and finals, gives exactly their expected objection-family hints. */
class ScenarioTests {

	private static final HintMatcher playbook = new HintMatcher(Playbook.defaults());

	@ParameterizedTest
	@ValueSource(strings = { "discovery", "support", "renewal", "onboarding" })
	void scenarioTextFiresExactlyTheExpectedObjectionFamilyHints(String name) {
		Scenario scenario = Scenario.fromFolder(Evaluation.folder(name));
		List<Hint> hints = scenario.replay(new CallCoach("CA-" + name, () -> playbook));

		Set<String> fired = new TreeSet<>();
		for (Hint h : hints) {
			if (Scenario.OBJECTION_FAMILY.contains(h.id())) {
				fired.add(h.id() + "@" + scenario.utteranceAt(h.atMs()));
			}
		}
		Set<String> expected = new TreeSet<>();
		for (int i = 0; i < scenario.expected().size(); i++) {
			for (String id : scenario.expected().get(i)) {
				if (Scenario.OBJECTION_FAMILY.contains(id)) { // knowledge answers are judged by HintEvaluationTests
					expected.add(id + "@" + i);
				}
			}
		}
		assertThat(fired).isEqualTo(expected);
	}

	/**
	 * A trigger in the middle of a sentence fires on a partial, before the speaker finishes (discovery: "we are
	 * also evaluating a competitor | that is cheaper"); one that ends the sentence ("... cancel our contract",
	 * support) cannot, and fires with the final at the latest, never after it.
	 */
	@ParameterizedTest
	@CsvSource({ "discovery, true", "support, false" })
	void hintsOnPartialsComeBeforeTheUtteranceEnds(String name, boolean midSentenceTrigger) {
		Scenario scenario = Scenario.fromFolder(Scenario.sharedDir().resolve("audio/scenarios").resolve(name));
		List<Long> leads = new ArrayList<>();
		for (Hint h : scenario.replay(new CallCoach("CA-" + name, () -> playbook))) {
			if (Scenario.OBJECTION_FAMILY.contains(h.id())) {
				leads.add(scenario.utterances().get(scenario.utteranceAt(h.atMs())).endMs() - h.atMs());
			}
		}
		assertThat(leads).isNotEmpty().allSatisfy(lead -> assertThat(lead).isNotNegative());
		if (midSentenceTrigger) {
			assertThat(leads).anySatisfy(lead -> assertThat(lead).isPositive());
		}
	}

}
