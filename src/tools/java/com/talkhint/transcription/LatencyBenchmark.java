package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.vosk.Model;

/** (b) Plays both scenarios in real time through the pipeline and reports end of utterance → final latency. */
final class LatencyBenchmark {

	private LatencyBenchmark() {
	}

	static List<LatencyReport.Measured> run(Model model, TranscriptionProperties settings, int passes)
			throws Exception {
		System.out.printf(Locale.ROOT, "(b) end of utterance → final latency, scenarios played in real time "
				+ "(%d passes, hangover %d ms)%n", passes, settings.hangover().toMillis());
		List<LatencyReport.Measured> all = new ArrayList<>();
		for (int pass = 0; pass < passes; pass++) {
			all.addAll(onePass(model, settings));
		}
		List<Double> timeline = new ArrayList<>();
		List<Double> acoustic = new ArrayList<>();
		int missed = 0;
		for (LatencyReport.Measured m : all) {
			if (Double.isNaN(m.latencyMs())) {
				missed++;
			}
			else {
				timeline.add(m.latencyMs());
				acoustic.add(m.acousticLatencyMs());
			}
		}
		timeline = TranscriptionBenchmark.sorted(timeline);
		acoustic = TranscriptionBenchmark.sorted(acoustic);
		System.out.printf(Locale.ROOT, "%-34s %6s %6s %6s %6s%n", "measured from", "n", "p50", "p95", "max");
		System.out.printf(Locale.ROOT, "%-34s %6d %6.0f %6.0f %6.0f%n", "timeline end_ms (ms)", timeline.size(),
				TranscriptionBenchmark.percentile(timeline, 50), TranscriptionBenchmark.percentile(timeline, 95),
				TranscriptionBenchmark.percentile(timeline, 100));
		System.out.printf(Locale.ROOT, "%-34s %6d %6.0f %6.0f %6.0f%n", "last voiced frame (ms)", acoustic.size(),
				TranscriptionBenchmark.percentile(acoustic, 50), TranscriptionBenchmark.percentile(acoustic, 95),
				TranscriptionBenchmark.percentile(acoustic, 100));
		System.out.printf(Locale.ROOT, "utterances without a final: %d of %d%n%n", missed, all.size());
		return all;
	}

	private static List<LatencyReport.Measured> onePass(Model model, TranscriptionProperties settings)
			throws Exception {
		CollectingListener listener = new CollectingListener();
		TranscriptionPipeline pipeline = new TranscriptionPipeline(new VoskSpeechRecognizer(model), List.of(listener),
				List.of(), settings);
		List<SharedAudio.Scenario> scenarios = new ArrayList<>();
		List<RealTimePlayer.Call> calls = new ArrayList<>();
		List<CallTranscription> sinks = new ArrayList<>();
		for (String name : SharedAudio.scenarioNames()) {
			SharedAudio.Scenario scenario = SharedAudio.scenario(name);
			CallTranscription sink = (CallTranscription) pipeline.open(Feeding.outboundCall("CAlatency" + name));
			scenarios.add(scenario);
			sinks.add(sink);
			calls.add(new RealTimePlayer.Call(sink, scenario.agent(), scenario.customer()));
		}
		long start = RealTimePlayer.play(calls, null);
		for (CallTranscription sink : sinks) {
			sink.flushed().get(1, TimeUnit.MINUTES);
		}
		List<LatencyReport.Measured> measured = new ArrayList<>();
		for (int i = 0; i < scenarios.size(); i++) {
			String callSid = sinks.get(i).context().callSid();
			List<LatencyReport.TimedFinal> finals = new ArrayList<>();
			for (CollectingListener.Final f : listener.finals) {
				if (f.callSid().equals(callSid)) {
					TranscriptSegment s = f.segment();
					finals.add(new LatencyReport.TimedFinal(s.speaker(), s.text(), s.startMs(), s.endMs(),
							f.arrivedNanos()));
				}
			}
			List<LatencyReport.Measured> one = LatencyReport.measure(scenarios.get(i), finals, start);
			if (Boolean.getBoolean("benchmark.verbose")) {
				for (LatencyReport.Measured m : one) {
					System.out.printf(Locale.ROOT, "  %-9s %-8s %6d..%6d  %6.0f ms  %6.0f ms  %s%n", scenarios.get(i).name(),
							m.utterance().speaker().wireName(), m.utterance().startMs(), m.utterance().endMs(),
							m.latencyMs(), m.acousticLatencyMs(), m.utterance().text());
				}
				for (LatencyReport.TimedFinal f : finals) {
					System.out.printf(Locale.ROOT, "    final %-8s %6d..%6d %s%n", f.speaker().wireName(), f.startMs(),
							f.endMs(), f.text());
				}
			}
			measured.addAll(one);
		}
		return measured;
	}

}
