package com.talkhint.transcription;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import com.talkhint.audio.Speaker;
import com.talkhint.audio.WavFile;
import org.vosk.Model;
import org.vosk.Recognizer;
import tools.jackson.databind.json.JsonMapper;

/** Scratch: bare Vosk CPU by recogniser reuse, chunk size and decoder settings. */
public final class DecoderBenchmark {

	private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	public static void main(String[] args) throws Exception {
		TestVosk.model();
		Path modelDir = new VoskModelLocator("", Path.of("target/test-data"), DecoderBenchmark.class.getClassLoader()).locate();
		List<short[]> audio = new ArrayList<>();
		List<String> refs = new ArrayList<>();
		for (SharedAudio.Clip clip : SharedAudio.devClips()) {
			audio.add(TranscriptionBenchmark.referenceResample(WavFile.read(clip.path()).samplesAt(8000)));
			refs.add(clip.reference());
		}
		double seconds = audio.stream().mapToDouble((a) -> a.length / 16000.0).sum();
		System.out.printf(Locale.ROOT, "dev: %d clips, %.1f s%n", audio.size(), seconds);
		for (String mode : args) {
			String[] p = mode.split(":");
			DecoderSettings settings = new DecoderSettings(Double.parseDouble(p[0]), Integer.parseInt(p[1]),
					Double.parseDouble(p[2]));
			int chunk = Integer.parseInt(p[3]);
			boolean reuse = p[4].equals("reuse");
			Path dir = settings.apply(modelDir, Path.of("target/decoder-models"));
			try (Model model = new Model(dir.toString())) {
				for (int pass = 0; pass < 2; pass++) {
					long cpu = THREADS.getCurrentThreadCpuTime();
					int errors = 0;
					int words = 0;
					Recognizer shared = reuse ? new Recognizer(model, 16000f) : null;
					for (int i = 0; i < audio.size(); i++) {
						Recognizer r = reuse ? shared : new Recognizer(model, 16000f);
						r.setWords(true);
						String text = transcribe(r, audio.get(i), chunk);
						if (!reuse) {
							r.close();
						}
						errors += Wer.errors(refs.get(i), text);
						words += Wer.words(refs.get(i)).size();
					}
					if (shared != null) {
						shared.close();
					}
					double cpuS = (THREADS.getCurrentThreadCpuTime() - cpu) / 1e9;
					System.out.printf(Locale.ROOT, "%-32s chunk %4d %-6s pass %d: WER %.1f  CPU %.3f s/s%n",
							settings.label(), chunk, p[4], pass, 100.0 * errors / words, cpuS / seconds);
				}
			}
		}
		System.exit(0);
	}

	static String transcribe(Recognizer recognizer, short[] pcm16k, int chunk) {
		List<String> texts = new ArrayList<>();
		for (int offset = 0; offset < pcm16k.length; offset += chunk) {
			int length = Math.min(chunk, pcm16k.length - offset);
			short[] part = java.util.Arrays.copyOfRange(pcm16k, offset, offset + length);
			if (recognizer.acceptWaveForm(part, length)) {
				texts.add(text(recognizer.getResult()));
			}
		}
		texts.add(text(recognizer.getFinalResult()));
		return String.join(" ", texts.stream().filter((t) -> !t.isEmpty()).toList());
	}

	private static String text(String json) {
		return JSON.readTree(json).path("text").asString("").trim();
	}

}
