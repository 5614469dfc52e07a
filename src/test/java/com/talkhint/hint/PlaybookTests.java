package com.talkhint.hint;

import java.util.List;

import com.talkhint.audio.Speaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Playbook YAML: the default file and the error messages for bad files. */
class PlaybookTests {

	@Test
	void defaultPlaybookHasTheContractIds() {
		Playbook playbook = Playbook.defaults();
		assertThat(playbook.entries()).extracting(Playbook.Entry::id)
			.contains("price-objection", "competitor-mention", "cancellation-risk", "escalation-request",
					"follow-up-request", "decision-timeline", "recording-disclosure", "monologue", "talk-ratio",
					"long-silence", "unanswered-question");
		assertThat(playbook.entries()).allSatisfy(e -> assertThat(Playbook.KINDS).contains(e.kind()));
		assertThat(playbook.entries()).extracting(Playbook.Entry::priority).isSortedAccordingTo((a, b) -> b - a);
		assertThat(playbook.rule(Playbook.Rule.MONOLOGUE).param("seconds", 0)).isEqualTo(60);
		assertThat(playbook.rule(Playbook.Rule.TALK_RATIO).param("ratio", 0)).isEqualTo(0.65);
		assertThat(playbook.rule(Playbook.Rule.LONG_SILENCE).param("seconds", 0)).isEqualTo(8);
		assertThat(playbook.rule(Playbook.Rule.RECORDING_DISCLOSURE).param("within-seconds", 0)).isEqualTo(30);
		assertThat(playbook.checklist()).extracting(Playbook.ChecklistItem::id)
			.containsExactly("greeting", "recording-disclosure", "needs-question", "next-steps");
		new HintMatcher(playbook); // every @group reference resolves
	}

	@Test
	void theDefaultPlaybookTakesItsTrainingSentencesFromTheJarAndStaysSmallEnoughToEdit() throws Exception {
		String text;
		try (java.io.InputStream in = Playbook.class.getResourceAsStream("/playbook.yml")) {
			text = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
		}
		// the editor carries this file in a textarea and a save sends it whole: the ~1 MB of sentences are not in it
		assertThat(text.length()).isLessThan(100_000);
		assertThat(text).doesNotContainPattern("(?m)^\\s*(examples|look-alikes|ordinary-talk):");
		Playbook playbook = Playbook.defaults();
		assertThat(playbook.meaning().builtInExamples()).isTrue();
		BuiltInExamples builtIn = BuiltInExamples.get();
		for (String id : List.of("price-objection", "competitor-mention", "cancellation-risk", "escalation-request",
				"follow-up-request", "decision-timeline")) {
			assertThat(builtIn.examples(id)).as(id).hasSizeGreaterThan(1000);
			assertThat(playbook.entry(id).examples()).as(id).isEqualTo(builtIn.examples(id));
			assertThat(playbook.entry(id).lookAlikes()).as(id).isEqualTo(builtIn.lookAlikes(id));
		}
		assertThat(builtIn.entries().keySet()).allSatisfy(id -> assertThat(playbook.entry(id)).as(id).isNotNull());
		assertThat(playbook.ordinaryTalk()).isEqualTo(builtIn.ordinaryTalk()).hasSizeGreaterThan(1000);
		assertThat(playbook.entry("monologue").examples()).isEmpty(); // timing rules take no sentences
	}

	@Test
	void builtInSentencesComeFirstAndOnlyWhenThePlaybookAsksForThem() {
		String entry = """
				entries:
				  - id: price-objection
				    kind: objection
				    title: Price
				    text: Anchor on value.
				    triggers: ["too expensive"]
				    examples: ["The invoice made my accountant wince.", %s]
				    look-alikes: ["The price is fine."]
				ordinary-talk: ["Lovely weather for it."]
				""".formatted(PlaybookText.quote(BuiltInExamples.get().examples("price-objection").get(0)));
		Playbook own = Playbook.parse(entry, "own.yml");
		assertThat(own.meaning().builtInExamples()).isFalse();
		assertThat(own.entry("price-objection").examples()).hasSize(2);
		assertThat(own.ordinaryTalk()).containsExactly("Lovely weather for it.");

		Playbook both = Playbook.parse("meaning: {built-in-examples: true}\n" + entry, "both.yml");
		List<String> builtIn = BuiltInExamples.get().examples("price-objection");
		List<String> examples = both.entry("price-objection").examples();
		// the built-in ones first, then the playbook's own, a sentence already built in not repeated
		assertThat(examples).hasSize(builtIn.size() + 1).startsWith(builtIn.toArray(String[]::new))
			.endsWith("The invoice made my accountant wince.");
		assertThat(both.entry("price-objection").lookAlikes()).endsWith("The price is fine.")
			.hasSize(BuiltInExamples.get().lookAlikes("price-objection").size() + 1);
		assertThat(both.ordinaryTalk()).endsWith("Lovely weather for it.");
		assertThat(both.entry("competitor-mention")).isNull(); // built-in sentences of absent entries add nothing
		assertThatThrownBy(() -> Playbook.parse("meaning: {built-in-examples: sometimes}\n" + entry, "bad.yml"))
			.hasMessageContaining("bad.yml: meaning.built-in-examples: expected true or false");
	}

	@Test
	void feedbackExportPutsAMissingKeyIntoItsOwnEntry() {
		String yaml = """
				entries:
				  - id: price-objection
				    kind: objection
				    title: Price
				    text: Anchor on value.
				    triggers:
				      - "too expensive"
				      - "over budget" # a comment

				  # --- the next entry --------------------------------------------------------
				  - id: competitor-mention
				    kind: objection
				    title: Rival
				    text: Ask what they like.
				    triggers: ["other vendor",
				      "bake off"]
				  - id: follow-up-request
				    kind: objection
				    title: Follow up
				    text: Agree a date.
				    triggers: ["send me"]
				    params: { x: 1 }
				""";
		List<FeedbackItem> feedback = List.of(
				new FeedbackItem(1, "CA1", "price-objection", FeedbackItem.WRONG, "the price was what we budgeted", 0L, null),
				new FeedbackItem(2, "CA1", "competitor-mention", FeedbackItem.MISSED, "the lads we use now are cheaper", 0L, null),
				new FeedbackItem(3, "CA1", "follow-up-request", FeedbackItem.MISSED, "ring me friday", 0L, null));
		Playbook out = Playbook.parse(PlaybookText.withFeedback(yaml, feedback), "export");
		assertThat(out.entry("price-objection").lookAlikes()).containsExactly("the price was what we budgeted");
		assertThat(out.entry("price-objection").triggers()).containsExactly("too expensive", "over budget");
		assertThat(out.entry("competitor-mention").lookAlikes()).isEmpty();
		assertThat(out.entry("competitor-mention").examples()).containsExactly("the lads we use now are cheaper");
		assertThat(out.entry("competitor-mention").triggers()).containsExactly("other vendor", "bake off");
		assertThat(out.entry("follow-up-request").examples()).containsExactly("ring me friday");
	}

	@Test
	void entryFieldsAreRead() {
		Playbook playbook = Playbook.parse("""
				synonyms:
				  refund: [chargeback, reimburse]
				entries:
				  - id: refund
				    kind: objection
				    title: Refund asked
				    text: Explain the refund policy.
				    speaker: any
				    triggers: ["want @refund", "money back"]
				    do-not-trigger: ["no refund"]
				    cooldown-seconds: 12.5
				    once-per-call: true
				    priority: 7
				    window: 5
				    in-order: true
				""", "test.yml");
		Playbook.Entry e = playbook.entry("refund");
		assertThat(e).isEqualTo(new Playbook.Entry("refund", "objection", "Refund asked", "Explain the refund policy.",
				Playbook.Scope.ANY, List.of("want @refund", "money back"), List.of("no refund"), 12_500, 1, 7, 5, true,
				false, Playbook.Rule.PHRASE, java.util.Map.of()));
		HintMatcher matcher = new HintMatcher(playbook);
		assertThat(matcher.match(new Utterance("we want a chargeback"), Speaker.AGENT)).hasSize(1);
		assertThat(matcher.match(new Utterance("there is no refund"), Speaker.AGENT)).isEmpty();
	}

	@Test
	void badFilesSayWhatAndWhere() {
		assertThatThrownBy(() -> Playbook.parse("entries: [ {id: x", "a.yml")).isInstanceOf(PlaybookException.class)
			.hasMessageContaining("a.yml is not valid YAML");
		assertThatThrownBy(() -> Playbook.parse("", "b.yml")).hasMessageContaining("b.yml: expected a mapping");
		assertThatThrownBy(() -> Playbook.parse("entries: []", "c.yml")).hasMessageContaining("'entries' is missing or empty");
		assertThatThrownBy(() -> Playbook.parse("""
				entries:
				  - {id: p, kind: objektion, title: T, text: X, triggers: [a]}
				""", "d.yml")).hasMessage("playbook d.yml: entry 'p': kind must be one of "
				+ "[coaching, compliance, escalation, info, objection], was 'objektion'");
		assertThatThrownBy(() -> Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X, triger: [a]}
				""", "e.yml")).hasMessageContaining("entries[0]: unknown key 'triger'");
		assertThatThrownBy(() -> Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X}
				""", "f.yml")).hasMessageContaining("entry 'p': a phrase entry needs trigger phrases under 'triggers' or example sentences");
		assertThatThrownBy(() -> Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X, triggers: [a]}
				  - {id: p, kind: info, title: T, text: X, triggers: [b]}
				""", "g.yml")).hasMessageContaining("id 'p' appears twice");
		assertThatThrownBy(() -> Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X, triggers: [a], cooldown-seconds: soon}
				""", "h.yml")).hasMessageContaining("entry 'p'.cooldown-seconds: expected a number, found 'soon'");
		assertThatThrownBy(() -> Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X, speaker: boss, triggers: [a]}
				""", "i.yml")).hasMessageContaining("must be customer, agent or any, was 'boss'");
		assertThatThrownBy(() -> new HintMatcher(Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X, triggers: ["@nosuch thing"]}
				""", "j.yml"))).hasMessageContaining("uses @nosuch but synonyms has no group 'nosuch'");
		// "decide then" would otherwise fire on every "decide": the function word is dropped silently
		assertThatThrownBy(() -> new HintMatcher(Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X, triggers: ["decide then"]}
				""", "k.yml"))).hasMessageContaining("'p': trigger 'decide then' keeps a single word");
		assertThat(new HintMatcher(Playbook.parse("""
				entries:
				  - {id: p, kind: info, title: T, text: X, triggers: ["decide then|afterwards", "so it is"]}
				""", "l.yml")).match(new Utterance("we decide then"), Speaker.CUSTOMER)).hasSize(1);
	}

}
