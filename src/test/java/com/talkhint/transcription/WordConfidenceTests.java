package com.talkhint.transcription;

import java.util.List;

import com.talkhint.privacy.Redactor;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;

/** Per-word confidence from Vosk's two result shapes, and carried through PII redaction. */
class WordConfidenceTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	@Test
	void aPlainResultGivesEachWordsOwnConf() {
		assertThat(WordConfidence.fromWords(JSON.readTree("""
				[{"conf": 1.0, "start": 0.1, "end": 0.3, "word": "way"},
				 {"conf": 0.4662, "start": 0.3, "end": 0.6, "word": "over"}]""")))
			.containsExactly(1.0, 0.47);
		assertThat(WordConfidence.fromWords(JSON.readTree("[{\"start\": 0.1, \"end\": 0.3, \"word\": \"way\"}]"))).isEmpty();
	}

	@Test
	void nBestReadingsThatDisagreeOnAWordMakeItUnsure() {
		// Scores are log-likelihoods: the second reading is e^-0.25 ≈ 0.78 times as likely, the third e^-3 ≈ 0.05.
		List<Double> confidences = WordConfidence.fromNbest(JSON.readTree("""
				[{"confidence": 478.5, "text": "way over our budget", "result": [
				   {"word": "way", "start": 1.0, "end": 1.2}, {"word": "over", "start": 1.2, "end": 1.5},
				   {"word": "our", "start": 1.5, "end": 1.6}, {"word": "budget", "start": 1.6, "end": 2.0}]},
				 {"confidence": 478.25, "text": "way over a budget", "result": [
				   {"word": "way", "start": 1.0, "end": 1.2}, {"word": "over", "start": 1.2, "end": 1.5},
				   {"word": "a", "start": 1.5, "end": 1.6}, {"word": "budget", "start": 1.6, "end": 2.0}]},
				 {"confidence": 475.5, "text": "way over our budge it", "result": [
				   {"word": "way", "start": 1.0, "end": 1.2}, {"word": "over", "start": 1.2, "end": 1.5},
				   {"word": "our", "start": 1.5, "end": 1.6}, {"word": "budge", "start": 1.6, "end": 1.8},
				   {"word": "it", "start": 1.8, "end": 2.0}]}]"""));
		double w1 = 1;
		double w2 = Math.exp(-0.25);
		double w3 = Math.exp(-3);
		double total = w1 + w2 + w3;
		assertThat(confidences).containsExactly(1.0, 1.0, round((w1 + w3) / total), round((w1 + w2) / total));
		assertThat(confidences.get(2)).isLessThan(TranscriptSegment.UNSURE_BELOW);
	}

	@Test
	void aWordHeardAtAnotherTimeDoesNotSupportIt() {
		List<Double> confidences = WordConfidence.fromNbest(JSON.readTree("""
				[{"confidence": 10, "text": "no no", "result": [
				   {"word": "no", "start": 0.0, "end": 0.2}, {"word": "no", "start": 1.0, "end": 1.2}]},
				 {"confidence": 10, "text": "no", "result": [{"word": "no", "start": 0.0, "end": 0.2}]}]"""));
		assertThat(confidences).containsExactly(1.0, 0.5);
	}

	@Test
	void redactionKeepsTheConfidenceOfKeptWordsAndGivesAPlaceholderItsLeastSureWord() {
		Redactor redactor = new Redactor(true);
		String said = "my card is four one one one one one one one one one one one one one one one thanks";
		String redacted = redactor.redact(said);
		assertThat(redacted).isEqualTo("my card is " + Redactor.CARD + " thanks");
		List<Double> confidences = new java.util.ArrayList<>(java.util.Collections.nCopies(said.split(" ").length, 0.9));
		confidences.set(0, 0.3);
		confidences.set(5, 0.2); // one of the digits
		assertThat(WordConfidence.afterRedaction(said, confidences, redacted)).containsExactly(0.3, 0.9, 0.9, 0.2, 0.2, 0.9);
		assertThat(WordConfidence.afterRedaction("a b", List.of(0.5, 0.6), "a b")).containsExactly(0.5, 0.6);
		assertThat(WordConfidence.afterRedaction("a b", List.of(0.5), "a c")).isEmpty();
	}

	private static double round(double value) {
		return Math.round(value * 100) / 100.0;
	}

}
