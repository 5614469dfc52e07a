package com.talkhint.transcription;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.vosk.Model;
import org.vosk.Recognizer;

/**
 * {@code ./talkhint bench graph}: the small English model as published (a lexicon and a language model that every
 * recogniser composes on the fly) against the same model with the graph precomposed at build time
 * (scripts/vosk-static-graph.sh), on the human dev clips and the built-in calls, bare Vosk and the pipeline, in one
 * run: WER, CPU per audio second on a fresh recogniser per track and on one recogniser reused for every track (warm),
 * the model's load time, and the resident memory the model takes and the decoding adds (one recogniser kept open
 * over every track, the others closed).
 */
public final class GraphBenchmark {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private GraphBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		TestVosk.model(); // log level
		DecoderSettings shipped = TranscriptionProperties.defaults().decoder().settings();
		Path work = Path.of("target/test-data/models");
		if (!VoskModelLocator.isModel(BareVosk.PUBLISHED_MODEL) || !VoskModelLocator.precomposed(TestVosk.modelDir())) {
			throw new IllegalStateException("Needs " + BareVosk.PUBLISHED_MODEL + " and a precomposed built-in model: build with "
					+ "./talkhint (Maven unpacks the one, scripts/vosk-static-graph.sh composes the other)");
		}
		TranscriptionBenchmark.Tracks tracks = TranscriptionBenchmark.Tracks.load();
		double audio = tracks.audio().stream().mapToDouble((a) -> a.length / 8000.0).sum();
		int words = tracks.references().stream().mapToInt((r) -> Wer.words(r).size()).sum();
		System.out.printf(Locale.ROOT, "Decoding graph: %d tracks, %.0f s of audio, %d reference words; shipped decoder "
				+ "settings (%s)%n%n", tracks.audio().size(), audio, words, shipped.label());
		System.out.printf(Locale.ROOT, "%-13s %8s %8s %9s %9s %9s %9s %9s %10s%n", "graph", "load ms", "load MB",
				"bare WER", "pipe WER", "fresh", "reused", "pipeline", "decode MB");
		List<String> first = null;
		for (Path dir : List.of(shipped.apply(BareVosk.PUBLISHED_MODEL, work.resolve("published")),
				shipped.apply(TestVosk.modelDir(), work))) {
			long rss0 = rssMb();
			long t0 = System.nanoTime();
			try (Model model = new Model(dir.toString())) {
				long loadMs = (System.nanoTime() - t0) / 1_000_000;
				long loadMb = rssMb() - rss0;
				int bareErrors = 0;
				int pipeErrors = 0;
				double fresh = 0;
				double reused = 0;
				double pipeline = 0;
				List<String> texts = new ArrayList<>();
				long warmMb;
				try (Recognizer warm = new Recognizer(model, 16000f)) {
					long rss1 = rssMb();
					for (int i = 0; i < tracks.audio().size(); i++) {
						short[] pcm16k = TranscriptionBenchmark.referenceResample(tracks.audio().get(i));
						long c = THREADS.getCurrentThreadCpuTime();
						String text = BareVosk.transcribe(model, pcm16k);
						fresh += (THREADS.getCurrentThreadCpuTime() - c) / 1e9;
						c = THREADS.getCurrentThreadCpuTime();
						BareVosk.feed(warm, pcm16k, (json) -> { });
						reused += (THREADS.getCurrentThreadCpuTime() - c) / 1e9;
						texts.add(text);
						bareErrors += Wer.errors(tracks.references().get(i), text);
						TranscriptionBenchmark.Run run = TranscriptionBenchmark.runPipeline(new VoskSpeechRecognizer(model),
								TranscriptionProperties.defaults().withMaxLag(Duration.ofHours(1)), tracks.audio().get(i),
								tracks.speakers().get(i));
						pipeErrors += Wer.errors(tracks.references().get(i), run.text());
						pipeline += run.cpuS();
					}
					warmMb = rssMb() - rss1;
				}
				System.out.printf(Locale.ROOT, "%-13s %8d %8d %8.1f%% %8.1f%% %9.3f %9.3f %9.3f %10d%n",
						VoskModelLocator.precomposed(dir) ? "precomposed" : "as published", loadMs, loadMb,
						100.0 * bareErrors / words, 100.0 * pipeErrors / words, fresh / audio, reused / audio,
						pipeline / audio, warmMb);
				if (first == null) {
					first = texts;
				}
				else {
					int same = 0;
					for (int i = 0; i < texts.size(); i++) {
						same += texts.get(i).equals(first.get(i)) ? 1 : 0;
					}
					System.out.printf(Locale.ROOT, "%nbare Vosk gave the same words on both graphs for %d of %d tracks%n",
							same, texts.size());
				}
			}
		}
		System.out.println("fresh / reused: bare Vosk's CPU s per audio s with a new recogniser per track / one "
				+ "recogniser for every track; pipeline: TalkHint's transcription pipeline (gate, a new pool per track); "
				+ "MB: resident memory the model's load and then all the decoding added");
		System.exit(0);
	}

	/** This process's resident memory, MB (Linux). */
	private static long rssMb() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
			if (line.startsWith("VmRSS:")) {
				return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
			}
		}
		return -1;
	}

}
