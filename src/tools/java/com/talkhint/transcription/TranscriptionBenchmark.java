package com.talkhint.transcription;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.Resampler;
import com.talkhint.audio.Speaker;
import com.talkhint.audio.Track;
import com.talkhint.audio.WavFile;
import org.vosk.Model;

/**
 * Measures live transcription against bare Vosk and prints tables (docs/benchmarks.md has the command and
 * the figures): (a) WER per dev clip and per scenario speaker, with and without the silence gate, and the CPU
 * each needs; (b) end of utterance → final latency on scenarios played in real time; (c) how many two-track
 * calls this machine keeps up with in real time. Usage: {@code TranscriptionBenchmark [wer] [latency]
 * [capacity]} (all three when none is given).
 */
public final class TranscriptionBenchmark {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private TranscriptionBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		List<String> parts = (args.length == 0) ? List.of("wer", "latency", "capacity") : List.of(args);
		Model model = TestVosk.model();
		System.out.printf(Locale.ROOT, "TalkHint transcription benchmark — %d cores, Java %s, model %s%n%n",
				Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
				VoskModelLocator.EXTRACTED_NAME);
		if (parts.contains("wer")) {
			// -Dbenchmark.alternatives=0 measures the MBR reading alone (the shipped default asks for 5 readings)
			wer(TranscriptionProperties.defaults().withAlternatives(
					Integer.getInteger("benchmark.alternatives", VoskSpeechRecognizer.DEFAULT_ALTERNATIVES)));
		}
		if (parts.contains("hangover")) {
			hangoverSweep();
		}
		if (parts.contains("endpoint")) {
			endpointSweep();
		}
		if (parts.contains("latency")) {
			LatencyBenchmark.run(model, TranscriptionProperties.defaults(), 2);
		}
		if (parts.contains("capacity")) {
			CapacityBenchmark.run(model, TranscriptionProperties.defaults());
		}
		System.exit(0);
	}

	/** The reference resampler for bare Vosk: the same design, 90 dB stopband, 2 % transition band. */
	static short[] referenceResample(short[] pcm8k) {
		Resampler reference = new Resampler(8000, 16000, 90, 0.02);
		short[] head = reference.process(pcm8k);
		short[] tail = reference.flush();
		short[] out = java.util.Arrays.copyOf(head, pcm8k.length * 2);
		System.arraycopy(tail, 0, out, head.length, Math.min(tail.length, out.length - head.length));
		return out;
	}

	/** WER of the gated pipeline and latency for several hangovers: the trade-off behind the default. */
	static void hangoverSweep() throws Exception {
		Tracks tracks = Tracks.load();
		List<String> labels = tracks.labels();
		List<String> references = tracks.references();
		List<short[]> audio = tracks.audio();
		List<Speaker> speakers = tracks.speakers();
		System.out.println("hangover sweep: WER % of the gated pipeline (bare Vosk on the first line)");
		System.out.printf(Locale.ROOT, "%-10s %8s %10s %10s %10s %10s%n", "hangover", "dev", "disc agent", "disc cust",
				"supp agent", "supp cust");
		String[] bare = new String[audio.size()];
		for (int i = 0; i < audio.size(); i++) {
			try (Model fresh = TestVosk.freshModel(TestVosk.modelDir())) { // bare Vosk: the model as it ships
				bare[i] = BareVosk.transcribe(fresh, referenceResample(audio.get(i)));
			}
		}
		printSweep("bare", labels, references, bare);
		int[] hangovers = java.util.Arrays.stream(System.getProperty("benchmark.hangovers", "200,250,300,400,500,600")
			.split(",")).mapToInt(Integer::parseInt).toArray();
		for (int ms : hangovers) {
			TranscriptionProperties settings = TranscriptionProperties.defaults()
				.withHangover(Duration.ofMillis(ms))
				.withMaxLag(Duration.ofHours(1));
			String[] texts = new String[audio.size()];
			for (int i = 0; i < audio.size(); i++) {
				texts[i] = runPipelineFresh(settings, audio.get(i), speakers.get(i)).text();
			}
			printSweep(ms + " ms", labels, references, texts);
		}
		System.out.println();
	}

	/** Every dev clip (labelled "dev", the agent's track) and both speakers of every scenario, in that order. */
	record Tracks(List<String> labels, List<String> references, List<short[]> audio, List<Speaker> speakers) {

		static Tracks load() throws Exception {
			Tracks tracks = new Tracks(new ArrayList<>(), new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
			for (SharedAudio.Clip clip : SharedAudio.devClips()) {
				tracks.add("dev", clip.reference(), WavFile.read(clip.path()).samplesAt(8000), Speaker.AGENT);
			}
			for (String name : SharedAudio.scenarioNames()) {
				SharedAudio.Scenario scenario = SharedAudio.scenario(name);
				for (Speaker speaker : Speaker.values()) {
					tracks.add(name + " " + speaker.wireName(), scenario.reference(speaker), scenario.track(speaker),
							speaker);
				}
			}
			return tracks;
		}

		private void add(String label, String reference, short[] pcm8k, Speaker speaker) {
			this.labels.add(label);
			this.references.add(reference);
			this.audio.add(pcm8k);
			this.speakers.add(speaker);
		}

	}

	/**
	 * Vosk's endpoint rules (the trailing silence it waits for before it ends an utterance) against WER, recognition
	 * CPU and final latency. The gate ends an utterance after its hangover and replays the line's silence to Vosk
	 * until it endpoints, so every final pays for the silence its rules want beyond what the hangover fed it.
	 */
	static void endpointSweep() throws Exception {
		Tracks tracks = Tracks.load();
		List<String> labels = tracks.labels();
		List<String> references = tracks.references();
		List<short[]> audio = tracks.audio();
		List<Speaker> speakers = tracks.speakers();
		double seconds = audio.stream().mapToDouble((a) -> a.length / 8000.0).sum();
		TranscriptionProperties settings = TranscriptionProperties.defaults().withMaxLag(Duration.ofHours(1));
		for (String value : System.getProperty("benchmark.endpoints", "0.5,0.3").split(",")) {
			DecoderSettings decoder = new DecoderSettings(10, 3000, 2, Double.parseDouble(value));
			Path dir = TestVosk.modelDir(decoder);
			String[] texts = new String[audio.size()];
			double cpu = 0;
			for (int i = 0; i < audio.size(); i++) {
				Run run = runPipelineFresh(dir, settings, audio.get(i), speakers.get(i));
				texts[i] = run.text();
				cpu += run.cpuS();
			}
			System.out.printf(Locale.ROOT, "endpoint rules %s s: WER %% of the gated pipeline, then CPU s per audio s "
					+ "%.3f (%.0f s of audio, a fresh model per track)%n", value, cpu / seconds, seconds);
			System.out.printf(Locale.ROOT, "%-10s %8s %10s %10s %10s %10s%n", "", "dev", "disc agent", "disc cust",
					"supp agent", "supp cust");
			printSweep(value + " s", labels, references, texts);
			try (Model model = new Model(dir.toString())) {
				LatencyBenchmark.run(model, settings, 2);
			}
		}
	}

	private static void printSweep(String label, List<String> labels, List<String> references, String[] texts) {
		StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "%-10s", label));
		int devWords = 0;
		int devErrors = 0;
		for (int i = 0; i < texts.length; i++) {
			if (labels.get(i).equals("dev")) {
				devWords += Wer.words(references.get(i)).size();
				devErrors += Wer.errors(references.get(i), texts[i]);
			}
		}
		line.append(String.format(Locale.ROOT, " %8.1f", pct(devErrors, devWords)));
		for (int i = 0; i < texts.length; i++) {
			if (!labels.get(i).equals("dev")) {
				line.append(String.format(Locale.ROOT, " %10.1f", Wer.percent(references.get(i), texts[i])));
			}
		}
		System.out.println(line);
	}

	static void wer(TranscriptionProperties settings) throws Exception {
		TranscriptionProperties gated = settings.withSilenceGate(true).withMaxLag(Duration.ofHours(1));
		TranscriptionProperties ungated = settings.withSilenceGate(false).withMaxLag(Duration.ofHours(1));
		System.out.println("(a) WER % (errors / reference words); CPU = recognition thread CPU s / audio s");
		System.out.printf(Locale.ROOT, "%-46s %6s %7s %7s %7s %5s %5s %5s%n", "clip / speaker", "words", "bare",
				"pipe", "no-gate", "cpu:b", "p", "ng");
		Totals totals = new Totals();
		for (SharedAudio.Clip clip : SharedAudio.devClips()) {
			short[] pcm8k = WavFile.read(clip.path()).samplesAt(8000);
			row(totals, clip.file().replace(".ulaw.wav", ""), clip.reference(), gated, ungated, pcm8k,
					Speaker.AGENT);
		}
		print("dev total", totals);
		for (String name : SharedAudio.scenarioNames()) {
			SharedAudio.Scenario scenario = SharedAudio.scenario(name);
			for (Speaker speaker : Speaker.values()) {
				Totals one = new Totals();
				row(one, name + " " + speaker.wireName(), scenario.reference(speaker), gated, ungated,
						scenario.track(speaker), speaker);
			}
		}
		System.out.println();
	}

	private static void row(Totals totals, String label, String reference, TranscriptionProperties gated,
			TranscriptionProperties ungated, short[] pcm8k, Speaker speaker) throws Exception {
		String bare;
		long bareCpu;
		try (Model fresh = TestVosk.freshModel(TestVosk.modelDir())) { // bare Vosk: the model as it ships
			short[] pcm16k = referenceResample(pcm8k);
			long cpu = THREADS.getCurrentThreadCpuTime();
			bare = BareVosk.transcribe(fresh, pcm16k);
			bareCpu = THREADS.getCurrentThreadCpuTime() - cpu;
		}
		Run pipe = runPipelineFresh(gated, pcm8k, speaker);
		Run noGate = runPipelineFresh(ungated, pcm8k, speaker);
		int words = Wer.words(reference).size();
		double audioS = pcm8k.length / 8000.0;
		totals.add(words, Wer.errors(reference, bare), Wer.errors(reference, pipe.text()),
				Wer.errors(reference, noGate.text()), audioS, bareCpu / 1e9, pipe.cpuS(), noGate.cpuS());
		print(label, Totals.of(words, Wer.errors(reference, bare), Wer.errors(reference, pipe.text()),
				Wer.errors(reference, noGate.text()), audioS, bareCpu / 1e9, pipe.cpuS(), noGate.cpuS()));
		if (Boolean.getBoolean("benchmark.verbose")) {
			System.out.println("    ref:  " + String.join(" ", Wer.words(reference)));
			System.out.println("    bare: " + bare);
			System.out.println("    pipe: " + pipe.text());
			System.out.println("    ng:   " + noGate.text());
		}
	}

	record Run(String text, double cpuS) {
	}

	/**
	 * Feeds a track as fast as the pipeline takes it (no drops: max lag is huge) and collects the finals, on
	 * a model of its own with the settings' decoder (as a node loads it), so the result does not depend on what was
	 * recognised before.
	 */
	static Run runPipelineFresh(TranscriptionProperties settings, short[] pcm8k, Speaker speaker) throws Exception {
		return runPipelineFresh(TestVosk.modelDir(settings.decoder().settings()), settings, pcm8k, speaker);
	}

	/** {@link #runPipelineFresh(TranscriptionProperties, short[], Speaker)} on a model loaded from {@code modelDir}. */
	static Run runPipelineFresh(Path modelDir, TranscriptionProperties settings, short[] pcm8k, Speaker speaker)
			throws Exception {
		try (Model fresh = TestVosk.freshModel(modelDir)) {
			return runPipeline(new VoskSpeechRecognizer(fresh, settings.alternatives()), settings, pcm8k, speaker);
		}
	}

	/** Feeds a track as fast as the pipeline takes it and collects the finals, on the given recogniser. */
	static Run runPipeline(SpeechRecognizer recognizer, TranscriptionProperties settings, short[] pcm8k,
			Speaker speaker) throws Exception {
		CollectingListener listener = new CollectingListener();
		TranscriptionPipeline pipeline = new TranscriptionPipeline(recognizer, List.of(listener), List.of(), settings);
		String callSid = "CAbench" + System.nanoTime();
		CallTranscription call = (CallTranscription) pipeline.open(Feeding.outboundCall(callSid));
		Track track = (speaker == Speaker.AGENT) ? Track.INBOUND : Track.OUTBOUND;
		Feeding.feed(call, track, pcm8k);
		call.close();
		call.flushed().get(5, TimeUnit.MINUTES);
		double cpu = call.stats().stream().mapToLong(TrackStats::cpuMs).sum() / 1000.0;
		return new Run(listener.text(callSid, speaker), cpu);
	}

	private static void print(String label, Totals t) {
		System.out.printf(Locale.ROOT, "%-46s %6d %7.1f %7.1f %7.1f %5.3f %5.3f %5.3f%n", label, t.words,
				pct(t.bare, t.words), pct(t.pipe, t.words), pct(t.noGate, t.words), t.bareCpu / t.audio,
				t.pipeCpu / t.audio, t.noGateCpu / t.audio);
	}

	private static double pct(int errors, int words) {
		return (words == 0) ? 0 : 100.0 * errors / words;
	}

	private static final class Totals {

		int words;

		int bare;

		int pipe;

		int noGate;

		double audio;

		double bareCpu;

		double pipeCpu;

		double noGateCpu;

		static Totals of(int words, int bare, int pipe, int noGate, double audio, double bareCpu, double pipeCpu,
				double noGateCpu) {
			Totals t = new Totals();
			t.add(words, bare, pipe, noGate, audio, bareCpu, pipeCpu, noGateCpu);
			return t;
		}

		void add(int words, int bare, int pipe, int noGate, double audio, double bareCpu, double pipeCpu,
				double noGateCpu) {
			this.words += words;
			this.bare += bare;
			this.pipe += pipe;
			this.noGate += noGate;
			this.audio += audio;
			this.bareCpu += bareCpu;
			this.pipeCpu += pipeCpu;
			this.noGateCpu += noGateCpu;
		}

	}

	static List<Double> sorted(List<Double> values) {
		List<Double> copy = new ArrayList<>(values);
		copy.sort(Double::compare);
		return copy;
	}

	static double percentile(List<Double> sortedValues, double p) {
		if (sortedValues.isEmpty()) {
			return Double.NaN;
		}
		int index = (int) Math.ceil(p / 100 * sortedValues.size()) - 1;
		return sortedValues.get(Math.max(0, Math.min(sortedValues.size() - 1, index)));
	}

}
