package com.talkhint.hint;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.talkhint.audio.Speaker;
import com.talkhint.transcription.TranscriptSegment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The same recall/precision table on audio: both tracks of every scenario through the real Vosk model, each
 * recognised final attributed to the scripted utterance it overlaps most. Also replays partials and finals in
 * stream-time order through a {@link CallCoach} and prints how long before the utterance ended each correct
 * hint fired (positive = before the speaker finished). Slow (about a minute of CPU): prints, and fails on a
 * precision collapse or recall below a floor; recall here mostly measures the recogniser on synthetic voices.
 */
class HintAudioEvaluationTests {

	private static final HintMatcher playbook = new HintMatcher(Playbook.defaults());

	@Test
	void audioLevelRecallAndPrecisionThroughVosk() throws Exception {
		Evaluation eval = new Evaluation();
		Evaluation bestOnly = new Evaluation(); // the same without the recogniser's other readings, for comparison
		List<String> leads = new ArrayList<>();
		List<String> unexpected = new ArrayList<>();
		StringBuilder heardLog = new StringBuilder();
		try (VoskTranscriber vosk = new VoskTranscriber()) {
			for (Scenario scenario : Evaluation.scenarios()) {
				java.nio.file.Path folder = Evaluation.folder(scenario.name());
				List<VoskTranscriber.Heard> heard = new ArrayList<>();
				heard.addAll(vosk.transcribe(folder.resolve("agent.ulaw"), Speaker.AGENT));
				heard.addAll(vosk.transcribe(folder.resolve("customer.ulaw"), Speaker.CUSTOMER));
				heard.sort(Comparator.comparingLong(VoskTranscriber.Heard::atMs));

				List<Set<String>> fired = new ArrayList<>();
				List<Set<String>> firedBest = new ArrayList<>();
				scenario.utterances().forEach(u -> {
					fired.add(new HashSet<>());
					firedBest.add(new HashSet<>());
				});
				for (VoskTranscriber.Heard h : heard) {
					if (h.segment() == null) {
						continue;
					}
					int i = attribute(scenario, h.segment());
					heardLog.append(String.format("  %s#%d %s: \"%s\"%n", scenario.name(), i, h.speaker().wireName(),
							h.segment().text()));
					if (i >= 0) {
						Utterance best = new Utterance(h.segment().text());
						playbook.match(best, h.speaker()).forEach(m -> {
							fired.get(i).add(m.entry().id());
							firedBest.get(i).add(m.entry().id());
						});
						playbook.matchAlternatives(best, h.segment().alternatives().stream().map(Utterance::new).toList(),
								h.speaker())
							.forEach(m -> {
								fired.get(i).add(m.entry().id());
								heardLog.append(String.format("    %s from another reading: \"%s\"%n", m.entry().id(),
										m.match().words()));
							});
					}
				}
				for (int i = 0; i < fired.size(); i++) {
					eval.score(scenario, i, fired.get(i));
					bestOnly.score(scenario, i, firedBest.get(i));
				}

				// live replay: partials and finals of both tracks in stream-time order, as the pipeline delivers
				CallCoach coach = new CallCoach("CA-" + scenario.name(), () -> playbook);
				for (VoskTranscriber.Heard h : heard) {
					CallCoach.Step step = h.isProgress() ? coach.progress(h.speaker(), h.atMs(), h.voiced())
							: (h.segment() != null) ? coach.finalSegment(h.segment())
							: coach.partial(h.speaker(), h.partial(), h.atMs());
					for (Hint hint : step.hints()) {
						if (Scenario.OBJECTION_FAMILY.contains(hint.id())) {
							int c = customerUtteranceAt(scenario, hint.atMs());
							if (c < 0 || !scenario.expected().get(c).contains(hint.id())) {
								unexpected.add(String.format("  %s %s#%d at %d ms (%s, heard \"%s\")", hint.id(),
										scenario.name(), c, hint.atMs(), how(h),
										hint.trigger()));
							}
						}
						int i = scenario.utteranceAt(hint.atMs());
						if (i >= 0 && scenario.expected().get(i).contains(hint.id())) {
							long lead = scenario.utterances().get(i).endMs() - h.atMs(); // when it was delivered
							leads.add(String.format("  %s %s#%d fired %d ms %s the utterance ended (%s)", hint.id(),
									scenario.name(), i, Math.abs(lead), (lead >= 0) ? "before" : "after",
									how(h)));
						}
					}
				}
			}
		}
		System.out.println(bestOnly.table("Audio level, best reading only (espeak voices, mu-law + noise, Vosk small en-us)"));
		System.out.println(eval.table("Audio level, best reading + n-best readings (what the product does)"));
		System.out.println("What Vosk heard:\n" + heardLog);
		System.out.println("Timing of correct hints in the live replay:\n" + String.join("\n", leads));
		System.out.println("Objection-family hints the live replay fired where none was expected: "
				+ (unexpected.isEmpty() ? "none" : "\n" + String.join("\n", unexpected)));
		assertThat(eval.precision()).as("precision on recognised speech").isGreaterThanOrEqualTo(0.8);
		assertThat(unexpected).as("objection-family hints where none was expected (live replay)").isEmpty();
		// a floor under recall, so losing the n-best readings or the resampler's quality shows (measured 0.62 on 29 expected hints)
		assertThat(eval.recall()).as("recall on recognised speech").isGreaterThanOrEqualTo(0.45);
	}

	/** What fired a hint in the replay. */
	private static String how(VoskTranscriber.Heard h) {
		return h.isProgress() ? "partial, settled by silence" : (h.segment() == null) ? "partial" : "final";
	}

	/** The customer's scripted utterance under way at {@code atMs}, else the last one begun before it, or -1. */
	private static int customerUtteranceAt(Scenario scenario, long atMs) {
		int best = -1;
		for (int i = 0; i < scenario.utterances().size(); i++) {
			TranscriptSegment u = scenario.utterances().get(i);
			if (u.speaker() == Speaker.CUSTOMER && u.startMs() <= atMs) {
				best = i;
			}
		}
		return best;
	}

	/** The scripted utterance of the same speaker that overlaps the recognised one most, or -1. */
	private static int attribute(Scenario scenario, TranscriptSegment heard) {
		int best = -1;
		long bestOverlap = 0;
		for (int i = 0; i < scenario.utterances().size(); i++) {
			TranscriptSegment u = scenario.utterances().get(i);
			long overlap = Math.min(u.endMs(), heard.endMs()) - Math.max(u.startMs(), heard.startMs());
			if (u.speaker() == heard.speaker() && overlap > bestOverlap) {
				best = i;
				bestOverlap = overlap;
			}
		}
		return best;
	}

}
