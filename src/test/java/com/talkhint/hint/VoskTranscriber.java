package com.talkhint.hint;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.talkhint.audio.MuLaw;
import com.talkhint.audio.Resampler;
import com.talkhint.audio.Speaker;
import com.talkhint.transcription.Recognition;
import com.talkhint.transcription.RecognitionSession;
import com.talkhint.transcription.TranscriptSegment;
import com.talkhint.transcription.VoskSpeechRecognizer;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * Runs a scenario track through the shipped recogniser the way the live pipeline hears it: 8 kHz µ-law in
 * 20 ms frames, decoded, upsampled to the model's 16 kHz by the audio package's {@link Resampler} and fed to a
 * {@link VoskSpeechRecognizer} session (with its n-best readings), recording partials and finals with
 * stream times: the audio-level input of the hint evaluation. No silence gate, so figures are close to, not
 * identical with, a live call.
 */
final class VoskTranscriber implements AutoCloseable {

	/** 8000 Hz × 20 ms = 160 µ-law bytes = 160 samples: one Twilio media frame. */
	private static final int FRAME = 160;

	/** A recogniser output at a stream time: a partial (segment null) or a final. */
	record Heard(Speaker speaker, long atMs, String partial, TranscriptSegment segment) {
	}

	private final Model model;

	private final VoskSpeechRecognizer recognizer;

	VoskTranscriber() throws IOException, URISyntaxException {
		LibVosk.setLogLevel(LogLevel.WARNINGS);
		URL url = VoskTranscriber.class.getResource("/vosk/assets/model-en-us");
		if (url == null) {
			throw new IllegalStateException("Vosk model not on the classpath: run a build (generate-resources) first");
		}
		this.model = new Model(Path.of(url.toURI()).toString());
		this.recognizer = new VoskSpeechRecognizer(this.model);
	}

	List<Heard> transcribe(Path ulawFile, Speaker speaker) throws IOException {
		byte[] ulaw = Files.readAllBytes(ulawFile);
		List<Heard> out = new ArrayList<>();
		Resampler up = new Resampler(8000, VoskSpeechRecognizer.SAMPLE_RATE);
		try (RecognitionSession session = this.recognizer.open()) {
			String lastPartial = "";
			for (int frame = 0; (frame + 1) * FRAME <= ulaw.length; frame++) {
				short[] pcm = up.process(MuLaw.decode(Arrays.copyOfRange(ulaw, frame * FRAME, (frame + 1) * FRAME)));
				long nowMs = (frame + 1) * 20L;
				Optional<Recognition> result = session.accept(pcm, frame * 20.0);
				if (result.isPresent()) {
					addFinal(out, speaker, result.get(), nowMs);
					lastPartial = "";
				}
				else if (frame % 5 == 0) { // the pipeline looks at partials about every 100 ms
					String partial = session.partial();
					if (!partial.isEmpty() && !partial.equals(lastPartial)) {
						out.add(new Heard(speaker, nowMs, partial, null));
						lastPartial = partial;
					}
				}
			}
			addFinal(out, speaker, session.finish(), ulaw.length / 8);
		}
		return out;
	}

	private static void addFinal(List<Heard> out, Speaker speaker, Recognition r, long nowMs) {
		if (!r.isEmpty()) {
			out.add(new Heard(speaker, nowMs, null,
					new TranscriptSegment(speaker, r.text(), r.startMs(), r.endMs(), r.alternatives())));
		}
	}

	@Override
	public void close() {
		this.model.close();
	}

}
