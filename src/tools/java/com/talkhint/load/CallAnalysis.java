package com.talkhint.load;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import com.talkhint.load.EventRecorder.Arrival;
import com.talkhint.load.ScenarioScript.ExpectedHint;
import com.talkhint.load.ScenarioScript.Utterance;

/**
 * Latency of one call against its scenario. A {@code transcript.final} is matched to the utterance of the same
 * speaker it overlaps most (stream milliseconds); an utterance's latency is the arrival of its last final minus
 * the wall time its speech ended (stream start + utterance end). A {@code hint} is measured the same way against
 * the end of the utterance that must trigger it, so a hint fired on a partial before the speaker finished is
 * negative. Only utterances whose audio was streamed before the call ended count.
 *
 * @param finalLatenciesMs one per heard utterance
 * @param utterances utterances streamed in full
 * @param utterancesMissed of those, how many got no final
 * @param hintLatenciesMs one per expected hint that fired
 * @param hintsExpected expected hints whose utterance was streamed in full
 * @param hintsMissed of those, how many never fired
 * @param unmatchedFinals finals that overlap no utterance of their speaker (ASR on noise, wrong speaker)
 */
record CallAnalysis(List<Long> finalLatenciesMs, int utterances, int utterancesMissed, List<Long> hintLatenciesMs,
		int hintsExpected, int hintsMissed, int unmatchedFinals) {

	/** How far (ms) outside an utterance a final may lie and still be matched to it: ASR end times are fuzzy. */
	static final long SLACK_MS = 500;

	static CallAnalysis of(ScenarioScript script, Instant streamStarted, long streamedMs, List<Arrival> finals,
			List<Arrival> hints) {
		if (streamStarted == null) {
			return new CallAnalysis(List.of(), 0, 0, List.of(), 0, 0, finals.size());
		}
		long start = streamStarted.toEpochMilli();
		Map<Integer, Long> lastFinalArrival = new HashMap<>();
		int unmatched = 0;
		for (Arrival f : finals) {
			Utterance utterance = match(script, f.data().path("speaker").asString(""),
					f.data().path("startMs").asLong(-1), f.data().path("endMs").asLong(-1));
			if (utterance == null) {
				unmatched++;
				continue;
			}
			lastFinalArrival.merge(utterance.index(), f.atMillis(), Math::max);
		}
		List<Long> finalLatencies = new ArrayList<>();
		int utterances = 0;
		int missed = 0;
		for (Utterance u : script.utterances()) {
			if (u.endMs() > streamedMs) {
				continue;
			}
			utterances++;
			Long arrival = lastFinalArrival.get(u.index());
			if (arrival == null) {
				missed++;
			}
			else {
				finalLatencies.add(arrival - (start + u.endMs()));
			}
		}
		List<Long> hintLatencies = new ArrayList<>();
		int expected = 0;
		int hintsMissed = 0;
		for (ExpectedHint hint : script.expectedHints()) {
			Utterance u = script.utterances().get(hint.utterance());
			if (u.endMs() > streamedMs) {
				continue;
			}
			expected++;
			Arrival fired = hints.stream()
				.filter((h) -> hint.hintId().equals(h.data().path("id").asString("")))
				.findFirst()
				.orElse(null);
			if (fired == null) {
				hintsMissed++;
			}
			else {
				hintLatencies.add(fired.atMillis() - (start + u.endMs()));
			}
		}
		return new CallAnalysis(finalLatencies, utterances, missed, hintLatencies, expected, hintsMissed, unmatched);
	}

	/** The utterance of {@code speaker} that {@code [startMs, endMs]} overlaps most, allowing {@link #SLACK_MS}. */
	static Utterance match(ScenarioScript script, String speaker, long startMs, long endMs) {
		if (startMs < 0 || endMs < startMs) {
			return null;
		}
		Utterance best = null;
		long bestOverlap = Long.MIN_VALUE;
		for (Utterance u : script.utterances()) {
			if (!u.speaker().equalsIgnoreCase(speaker)) {
				continue;
			}
			long overlap = Math.min(endMs, u.endMs() + SLACK_MS) - Math.max(startMs, u.startMs() - SLACK_MS);
			if (overlap > 0 && overlap > bestOverlap) {
				best = u;
				bestOverlap = overlap;
			}
		}
		return best;
	}

	/** Nearest-rank percentile ({@code p} in 0..100) of {@code values}; {@code null} when empty. */
	static Long percentile(List<Long> values, double p) {
		if (values.isEmpty()) {
			return null;
		}
		List<Long> sorted = values.stream().sorted().toList();
		int rank = (int) Math.ceil(p / 100.0 * sorted.size());
		return sorted.get(Math.max(0, Math.min(sorted.size() - 1, rank - 1)));
	}

}
