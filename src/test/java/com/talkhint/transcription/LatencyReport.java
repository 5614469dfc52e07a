package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.List;

import com.talkhint.audio.Speaker;

/**
 * End of utterance → final latency: matches each timeline utterance with the final of the same speaker that
 * covers its end, and measures when that final arrived against when the utterance ended in real time.
 * Reusable for any path that delivers finals with arrival times (pipeline listener, {@code /ui/events}).
 */
final class LatencyReport {

	/** A final as observed by whoever measures: its stream times and when it arrived. */
	record TimedFinal(Speaker speaker, String text, long startMs, long endMs, long arrivedNanos) {
	}

	/**
	 * One utterance's outcome.
	 * @param latencyMs arrival − (stream start + timeline end); NaN when no final covered the utterance
	 * @param acousticLatencyMs arrival − (stream start + last voiced frame of the utterance)
	 */
	record Measured(SharedAudio.Utterance utterance, double latencyMs, double acousticLatencyMs) {
	}

	private LatencyReport() {
	}

	/** Tolerance when deciding that a final belongs to an utterance, in stream ms. */
	private static final long SLACK_MS = 300;

	static List<Measured> measure(SharedAudio.Scenario scenario, List<TimedFinal> finals, long streamStartNanos) {
		List<Measured> results = new ArrayList<>();
		for (SharedAudio.Utterance utterance : scenario.timeline()) {
			TimedFinal last = null;
			for (TimedFinal f : finals) {
				boolean overlaps = f.speaker() == utterance.speaker() && f.endMs() >= utterance.startMs() - SLACK_MS
						&& f.startMs() <= utterance.endMs() + SLACK_MS;
				if (overlaps && (last == null || f.endMs() > last.endMs())) {
					last = f;
				}
			}
			if (last == null) {
				results.add(new Measured(utterance, Double.NaN, Double.NaN));
				continue;
			}
			double arrivedMs = (last.arrivedNanos() - streamStartNanos) / 1e6;
			long acousticEnd = acousticEnd(scenario.track(utterance.speaker()), utterance);
			results.add(new Measured(utterance, arrivedMs - utterance.endMs(), arrivedMs - acousticEnd));
		}
		return results;
	}

	/** Stream ms where the utterance's last frame above the line noise ends (the timeline end adds padding). */
	static long acousticEnd(short[] track, SharedAudio.Utterance utterance) {
		double floor = Double.MAX_VALUE;
		for (int frame = 0; frame < Feeding.frames(track); frame++) {
			floor = Math.min(floor, Math.max(1, com.talkhint.audio.SilenceGate.meanSquare(Feeding.frame(track, frame))));
		}
		double threshold = floor * Math.pow(10, 12 / 10.0);
		long end = utterance.endMs();
		for (int frame = (int) (utterance.endMs() / 20); frame >= utterance.startMs() / 20; frame--) {
			if (frame < Feeding.frames(track)
					&& com.talkhint.audio.SilenceGate.meanSquare(Feeding.frame(track, frame)) > threshold) {
				end = (frame + 1) * 20L;
				break;
			}
		}
		return end;
	}

}
