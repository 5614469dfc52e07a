package com.talkhint.transcription;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.Speaker;
import com.talkhint.audio.Track;
import com.talkhint.audio.WavFile;
import org.vosk.Model;

/**
 * Vosk's decoder settings and the partial cadence, each as a trade of WER on the human dev clips against CPU
 * (docs/benchmarks.md, "Decoder settings"). Every setting loads its own model (Vosk reads the settings from the
 * model's conf/model.conf) and runs the production pipeline with a pooled recogniser, warmed first on the
 * bundled onboarding audio as a node is after its startup warm-up, then shared by the clips in turn; the clips are fed as fast as the pipeline keeps up, so
 * partials are asked for as in a live call. Bare Vosk (the model's own settings, a fresh recogniser per clip,
 * 20 ms chunks, no gate) is measured in the same run on the same audio.
 *
 * <p>Usage: {@code DecoderBenchmark [beam:maxActive:latticeBeam[:partialMs]] ...}; with no argument the sweep
 * in {@link #SWEEP}.
 */
public final class DecoderBenchmark {

	static final List<String> SWEEP = List.of("10:3000:2", "9:3000:2", "8:2000:2", "8:1500:2", "7:1500:2", "6:1000:2",
			"10:3000:2:500", "10:3000:2:1000");

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private DecoderBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> settings = (args.length == 0) ? SWEEP : List.of(args);
		TestVosk.model();
		Path modelDir = TestVosk.modelDir();
		List<short[]> audio = new ArrayList<>();
		List<String> references = new ArrayList<>();
		for (SharedAudio.Clip clip : SharedAudio.devClips()) {
			audio.add(WavFile.read(clip.path()).samplesAt(8000));
			references.add(clip.reference());
		}
		double seconds = audio.stream().mapToDouble((a) -> a.length / 8000.0).sum();
		System.out.printf(Locale.ROOT, "Decoder settings — %d dev clips, %.1f s of audio, %d cores, load average %.1f%n",
				audio.size(), seconds, Runtime.getRuntime().availableProcessors(), loadAverage());
		System.out.printf(Locale.ROOT, "%-38s %8s %10s %10s %9s%n", "setting", "WER %", "CPU s/s", "vs bare", "partials");
		double bare = bare(modelDir, audio, references, seconds);
		try (Model model = new Model(modelDir.toString())) {
			// Before the pool: a new recogniser per track, as every call got until now.
			Result today = pass(() -> new VoskSpeechRecognizer(model), TranscriptionProperties.defaults()
				.withMaxLag(Duration.ofHours(1))
				.withMaxBacklog(Duration.ofHours(1)), audio, references);
			System.out.printf(Locale.ROOT, "%-38s %8.1f %10.3f %9.2f× %9d%n", "pipeline, a new recogniser per track",
					today.wer(), today.cpu() / seconds, today.cpu() / seconds / bare, today.partials());
		}
		for (String setting : settings) {
			String[] p = setting.split(":");
			DecoderSettings decoder = new DecoderSettings(Double.parseDouble(p[0]), Integer.parseInt(p[1]),
					Double.parseDouble(p[2]), (p.length > 4) ? Double.parseDouble(p[4]) : DecoderSettings.MODEL_DEFAULTS.endpointSilence());
			Duration partials = Duration.ofMillis((p.length > 3) ? Long.parseLong(p[3]) : 200);
			TranscriptionProperties props = TranscriptionProperties.defaults()
				.withMaxLag(Duration.ofHours(1))
				.withMaxBacklog(Duration.ofHours(1))
				.withPartialInterval(partials);
			try (Model model = new Model(TestVosk.modelDir(decoder).toString())) {
				VoskSpeechRecognizer recognizer = new VoskSpeechRecognizer(model);
				// Warm the pool on other audio, as a node's startup does: a pass over the dev clips themselves would
				// leave exactly their part of the decoding graph expanded and flatter the measured pass.
				TranscriptionPipeline.warmUpRecognizer(recognizer, props);
				Result result = pass(() -> recognizer, props, audio, references);
				recognizer.clear();
				System.out.printf(Locale.ROOT, "%-38s %8.1f %10.3f %9.2f× %9d%n",
						decoder.label() + " partial " + partials.toMillis() + " ms", result.wer(), result.cpu() / seconds,
						result.cpu() / seconds / bare, result.partials());
			}
		}
		System.exit(0);
	}

	record Result(double wer, double cpu, int partials) {
	}

	/** Every clip through the pipeline on the recogniser's pool; WER over all words, CPU of the workers. */
	static Result pass(java.util.function.Supplier<VoskSpeechRecognizer> recognizers, TranscriptionProperties props,
			List<short[]> audio, List<String> references) throws Exception {
		int errors = 0;
		int words = 0;
		double cpu = 0;
		int partials = 0;
		for (int i = 0; i < audio.size(); i++) {
			CollectingListener listener = new CollectingListener();
			VoskSpeechRecognizer recognizer = recognizers.get();
			TranscriptionPipeline pipeline = new TranscriptionPipeline(recognizer, List.of(listener), List.of(), props);
			String callSid = "CAdecoder" + i;
			CallTranscription call = (CallTranscription) pipeline.open(Feeding.outboundCall(callSid));
			Feeding.feedKeepingUp(call, Track.INBOUND, audio.get(i), pipeline);
			call.close();
			call.flushed().get(5, TimeUnit.MINUTES);
			cpu += call.stats().stream().mapToLong(TrackStats::cpuMs).sum() / 1000.0;
			pipeline.destroy();
			errors += Wer.errors(references.get(i), listener.text(callSid, Speaker.AGENT));
			words += Wer.words(references.get(i)).size();
			partials += listener.partials.size();
		}
		return new Result(100.0 * errors / words, cpu, partials);
	}

	/** Bare Vosk as the issue measured it: the model's own settings, a new recogniser per clip, 20 ms chunks. */
	private static double bare(Path modelDir, List<short[]> audio, List<String> references, double seconds)
			throws Exception {
		try (Model model = new Model(modelDir.toString())) {
			List<short[]> pcm16k = audio.stream().map(TranscriptionBenchmark::referenceResample).toList();
			int errors = 0;
			int words = 0;
			long cpu = THREADS.getCurrentThreadCpuTime();
			for (int i = 0; i < audio.size(); i++) {
				String text = BareVosk.transcribe(model, pcm16k.get(i));
				errors += Wer.errors(references.get(i), text);
				words += Wer.words(references.get(i)).size();
			}
			double cpuS = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
			System.out.printf(Locale.ROOT, "%-38s %8.1f %10.3f %9.2f× %9s%n", "bare Vosk (model's own, fresh per clip)",
					100.0 * errors / words, cpuS / seconds, 1.0, "-");
			return cpuS / seconds;
		}
	}

	private static double loadAverage() {
		return ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
	}

}
