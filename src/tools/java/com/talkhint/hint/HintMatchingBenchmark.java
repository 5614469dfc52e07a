package com.talkhint.hint;

import java.util.ArrayList;
import java.util.List;

import com.talkhint.transcription.TranscriptSegment;

/**
 * Prints what matching costs on the recognition thread: every utterance of the five evaluation scenarios
 * replayed as a partial per word plus the final, through a fresh {@link CallCoach} per pass. Run after
 * {@code mvn test-compile}:
 * {@code java -cp target/classes:target/test-classes:$(cat cp.txt) com.talkhint.hint.HintMatchingBenchmark}
 * (cp.txt from {@code mvn dependency:build-classpath -Dmdep.outputFile=cp.txt}).
 */
public final class HintMatchingBenchmark {

	private HintMatchingBenchmark() {
	}

	public static void main(String[] args) {
		HintMatcher playbook = new HintMatcher(Playbook.defaults());
		List<Scenario> scenarios = Evaluation.scenarios();
		int calls = 0;
		for (Scenario s : scenarios) {
			for (TranscriptSegment u : s.utterances()) {
				calls += u.text().split("\\s+").length; // partials + final
			}
		}
		for (int warm = 0; warm < 20; warm++) {
			run(playbook, scenarios);
		}
		List<Long> passes = new ArrayList<>();
		for (int pass = 0; pass < 50; pass++) {
			long t0 = System.nanoTime();
			run(playbook, scenarios);
			passes.add(System.nanoTime() - t0);
		}
		passes.sort(null);
		double median = passes.get(passes.size() / 2) / 1000.0;
		System.out.printf("%d scenarios, %d partial/final callbacks per pass%n", scenarios.size(), calls);
		System.out.printf("median pass %.0f us = %.1f us per callback (max pass %.0f us)%n", median, median / calls,
				passes.get(passes.size() - 1) / 1000.0);
	}

	private static void run(HintMatcher playbook, List<Scenario> scenarios) {
		for (Scenario s : scenarios) {
			s.replay(new CallCoach("CA-bench", () -> playbook));
		}
	}

}
