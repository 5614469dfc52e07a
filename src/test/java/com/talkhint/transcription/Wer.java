package com.talkhint.transcription;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Word error rate as the dev set's README defines it: both sides lower-cased, punctuation stripped except
 * apostrophes, whitespace collapsed; then (substitutions + deletions + insertions) / reference words.
 */
final class Wer {

	private Wer() {
	}

	static List<String> words(String text) {
		String normalized = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}'\\s]", " ").trim();
		return normalized.isEmpty() ? List.of() : Arrays.asList(normalized.split("\\s+"));
	}

	/** Edit distance in words between the normalised texts. */
	static int errors(String reference, String hypothesis) {
		List<String> ref = words(reference);
		List<String> hyp = words(hypothesis);
		int[] previous = new int[hyp.size() + 1];
		int[] current = new int[hyp.size() + 1];
		for (int j = 0; j <= hyp.size(); j++) {
			previous[j] = j;
		}
		for (int i = 1; i <= ref.size(); i++) {
			current[0] = i;
			for (int j = 1; j <= hyp.size(); j++) {
				int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
				current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
			}
			int[] swap = previous;
			previous = current;
			current = swap;
		}
		return previous[hyp.size()];
	}

	/** WER in percent. */
	static double percent(String reference, String hypothesis) {
		int words = words(reference).size();
		return (words == 0) ? 0 : 100.0 * errors(reference, hypothesis) / words;
	}

}
