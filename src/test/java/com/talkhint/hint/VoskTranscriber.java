package com.talkhint.hint;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.talkhint.audio.MuLaw;
import com.talkhint.audio.Speaker;
import com.talkhint.transcription.TranscriptSegment;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;
import org.vosk.Recognizer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Runs the real Vosk model over a scenario track the way the live pipeline would hear it (8 kHz µ-law in
 * 20 ms frames, upsampled to the model's 16 kHz) and records partials and finals with stream times: the audio-level input of the hint
 * evaluation, independent of the transcription package that lives on another branch.
 */
final class VoskTranscriber implements AutoCloseable {

	/** 8000 Hz × 20 ms = 160 µ-law bytes = 160 samples: one Twilio media frame. */
	private static final int FRAME = 160;

	private static final JsonMapper json = JsonMapper.builder().build();

	/** A recogniser output at a stream time: a partial (segment null) or a final. */
	record Heard(Speaker speaker, long atMs, String partial, TranscriptSegment segment) {
	}

	private final Model model;

	VoskTranscriber() throws IOException, URISyntaxException {
		LibVosk.setLogLevel(LogLevel.WARNINGS);
		URL url = VoskTranscriber.class.getResource("/vosk/assets/model-en-us");
		if (url == null) {
			throw new IllegalStateException("Vosk model not on the classpath: run a build (generate-resources) first");
		}
		this.model = new Model(Path.of(url.toURI()).toString());
	}

	List<Heard> transcribe(Path ulawFile, Speaker speaker) throws IOException {
		byte[] ulaw = Files.readAllBytes(ulawFile);
		List<Heard> out = new ArrayList<>();
		try (Recognizer recognizer = new Recognizer(this.model, 16000f)) {
			recognizer.setWords(true);
			String lastPartial = "";
			short[] pcm16k = upsample(MuLaw.decode(ulaw));
			int frame16k = 2 * FRAME;
			for (int off = 0; off + frame16k <= pcm16k.length; off += frame16k) {
				short[] pcm = java.util.Arrays.copyOfRange(pcm16k, off, off + frame16k);
				long nowMs = (off + frame16k) / 16;
				if (recognizer.acceptWaveForm(pcm, pcm.length)) {
					addFinal(out, speaker, recognizer.getResult(), nowMs);
					lastPartial = "";
				}
				else if ((off / frame16k) % 5 == 0) { // the pipeline looks at partials about every 100 ms
					String partial = json.readTree(recognizer.getPartialResult()).path("partial").asString("");
					if (!partial.isEmpty() && !partial.equals(lastPartial)) {
						out.add(new Heard(speaker, nowMs, partial, null));
						lastPartial = partial;
					}
				}
			}
			addFinal(out, speaker, recognizer.getFinalResult(), ulaw.length / 8);
		}
		return out;
	}

	/** Half-band interpolation filter: sinc at the half-sample points under a Blackman window, 2 × 16 taps. */
	private static final double[] HALF_BAND = new double[16];

	static {
		int n = HALF_BAND.length;
		for (int k = 0; k < n; k++) {
			double x = k + 0.5;
			double sinc = Math.sin(Math.PI * x) / (Math.PI * x);
			double t = (x + n) / (2.0 * n); // position in the 2n-wide window, 0..1
			double window = 0.42 - 0.5 * Math.cos(2 * Math.PI * t) + 0.08 * Math.cos(4 * Math.PI * t);
			HALF_BAND[k] = sinc * window;
		}
	}

	/**
	 * 8 → 16 kHz (the model was trained on 16 kHz): even output samples are the input, odd ones are
	 * interpolated with the half-band filter. Whole track at once; the live pipeline streams through the audio
	 * package's resampler instead, so audio-level figures here are close but not identical.
	 */
	static short[] upsample(short[] in) {
		short[] out = new short[in.length * 2];
		for (int i = 0; i < in.length; i++) {
			out[2 * i] = in[i];
			double acc = 0;
			for (int k = 0; k < HALF_BAND.length; k++) {
				int left = i - k;
				int right = i + 1 + k;
				acc += HALF_BAND[k] * (((left >= 0) ? in[left] : 0) + ((right < in.length) ? in[right] : 0));
			}
			out[2 * i + 1] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(acc)));
		}
		return out;
	}

	private static void addFinal(List<Heard> out, Speaker speaker, String result, long nowMs) {
		JsonNode node = json.readTree(result);
		String text = node.path("text").asString("");
		JsonNode words = node.path("result");
		if (text.isBlank() || !words.isArray() || words.isEmpty()) {
			return;
		}
		long start = Math.round(words.get(0).path("start").asDouble() * 1000);
		long end = Math.round(words.get(words.size() - 1).path("end").asDouble() * 1000);
		out.add(new Heard(speaker, nowMs, null, new TranscriptSegment(speaker, text, start, end)));
	}

	@Override
	public void close() {
		this.model.close();
	}

}
