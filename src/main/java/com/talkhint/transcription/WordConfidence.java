package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.List;

import tools.jackson.databind.JsonNode;

/**
 * How sure Vosk is of each word of a final result, 0 to 1. Its plain (MBR) result carries a {@code conf} per word;
 * its n-best result (what TalkHint asks for, to match hints on the next-best readings too) carries only one
 * score per reading, so there a word's confidence is the share of the n-best mass, weighted by each reading's
 * score, that agrees on that word at that time: 1 when every reading has it, lower the more readings hear
 * something else there. Both are posteriors of the word given the audio, the second estimated from the n-best
 * list instead of the whole lattice.
 */
final class WordConfidence {

	private WordConfidence() {
	}

	/** The {@code conf} of each word of a plain result; empty when a word has none. */
	static List<Double> fromWords(JsonNode words) {
		List<Double> out = new ArrayList<>();
		for (JsonNode word : words) {
			if (!word.path("conf").isNumber()) {
				return List.of();
			}
			out.add(round(word.path("conf").asDouble()));
		}
		return out;
	}

	/**
	 * Agreement of the n-best readings on each word of the best one ({@code readings[0]}). A reading's weight is
	 * {@code exp(score - best score)} (Vosk's scores are log-likelihoods, higher is better); a word is supported by
	 * a reading that has the same word overlapping at least half of its time.
	 */
	static List<Double> fromNbest(JsonNode readings) {
		JsonNode best = readings.get(0).path("result");
		double top = readings.get(0).path("confidence").asDouble();
		double[] weights = new double[readings.size()];
		double total = 0;
		for (int k = 0; k < readings.size(); k++) {
			double score = readings.get(k).path("confidence").asDouble(top);
			weights[k] = Math.exp(Math.min(0, score - top));
			total += weights[k];
		}
		List<Double> out = new ArrayList<>();
		for (JsonNode word : best) {
			double supported = 0;
			for (int k = 0; k < readings.size(); k++) {
				if (k == 0 || has(readings.get(k).path("result"), word)) {
					supported += weights[k];
				}
			}
			out.add(round(supported / total));
		}
		return out;
	}

	private static boolean has(JsonNode reading, JsonNode word) {
		String text = word.path("word").asString("");
		double start = word.path("start").asDouble();
		double end = word.path("end").asDouble();
		double half = Math.max(0.01, (end - start) / 2);
		for (JsonNode other : reading) {
			double overlap = Math.min(end, other.path("end").asDouble()) - Math.max(start, other.path("start").asDouble());
			if (overlap >= half && text.equals(other.path("word").asString(""))) {
				return true;
			}
		}
		return false;
	}

	/**
	 * The confidences of {@code original}'s words carried over to {@code redacted} (the same text after PII
	 * redaction replaced some runs of words by placeholders such as {@code [card number]}): words kept are matched
	 * in order (longest common subsequence) and keep their confidence; a placeholder gets the lowest confidence of
	 * the words it replaced, so an unsure number stays marked unsure.
	 */
	static List<Double> afterRedaction(String original, List<Double> confidences, String redacted) {
		if (confidences.isEmpty() || original.equals(redacted)) {
			return confidences;
		}
		String[] a = original.split(" ");
		String[] b = redacted.split(" ");
		if (a.length != confidences.size()) {
			return List.of();
		}
		int[][] lcs = new int[a.length + 1][b.length + 1];
		for (int i = a.length - 1; i >= 0; i--) {
			for (int j = b.length - 1; j >= 0; j--) {
				lcs[i][j] = a[i].equals(b[j]) ? lcs[i + 1][j + 1] + 1 : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
			}
		}
		List<Double> out = new ArrayList<>();
		int i = 0;
		int j = 0;
		double replaced = 1;
		while (j < b.length) {
			if (i < a.length && a[i].equals(b[j]) && lcs[i][j] == lcs[i + 1][j + 1] + 1) {
				out.add(confidences.get(i));
				replaced = 1;
				i++;
				j++;
			}
			else if (i < a.length && lcs[i + 1][j] >= lcs[i][j + 1]) {
				replaced = Math.min(replaced, confidences.get(i)); // a word redaction removed
				i++;
			}
			else {
				out.add(replaced); // a placeholder standing for the words just skipped
				j++;
			}
		}
		return out;
	}

	private static double round(double confidence) {
		return Math.round(Math.max(0, Math.min(1, confidence)) * 100) / 100.0;
	}

}
