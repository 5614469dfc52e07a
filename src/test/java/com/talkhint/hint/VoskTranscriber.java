package com.talkhint.hint;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

import com.talkhint.audio.AudioSink;
import com.talkhint.audio.CallDirection;
import com.talkhint.audio.MuLaw;
import com.talkhint.audio.Speaker;
import com.talkhint.audio.StreamContext;
import com.talkhint.audio.Track;
import com.talkhint.transcription.TranscriptListener;
import com.talkhint.transcription.TranscriptSegment;
import com.talkhint.transcription.TranscriptionPipeline;
import com.talkhint.transcription.TranscriptionProperties;
import com.talkhint.transcription.VoskSpeechRecognizer;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * Runs a scenario track through the shipped transcription pipeline exactly as a live call does (8 kHz PCM in
 * 20 ms frames → resampler → silence gate → Vosk with the shipped decoder settings and n-best readings →
 * redaction-free dispatch),
 * fed as fast as it keeps up, and records partials and finals with stream times: the audio-level input of the
 * hint evaluation.
 */
final class VoskTranscriber implements AutoCloseable {

	/** 8000 Hz × 20 ms = 160 samples: one Twilio media frame. */
	private static final int FRAME = 160;

	/**
	 * A recogniser output: a partial (segment null) or a final, at the stream time it was delivered (for a
	 * final, when the recogniser ended the utterance: after the words' own end time, which the segment keeps).
	 */
	record Heard(Speaker speaker, long atMs, String partial, TranscriptSegment segment, Boolean voiced) {

		/** A progress report (stream time advanced; voiced says whether that stretch had speech). */
		boolean isProgress() {
			return this.voiced != null;
		}

	}

	private final Model model;

	private final VoskSpeechRecognizer recognizer;

	private int calls;

	VoskTranscriber() throws IOException, URISyntaxException {
		LibVosk.setLogLevel(LogLevel.WARNINGS);
		URL url = VoskTranscriber.class.getResource("/vosk/assets/model-en-us");
		if (url == null) {
			throw new IllegalStateException("Vosk model not on the classpath: run a build (generate-resources) first");
		}
		// with the shipped decoder settings (conf/model.conf as a running node derives it), not the model's own file
		Path dir = TranscriptionProperties.defaults().decoder().settings().apply(Path.of(url.toURI()),
				Path.of("target/test-data/models"));
		this.model = new Model(dir.toString());
		this.recognizer = new VoskSpeechRecognizer(this.model);
	}

	List<Heard> transcribe(Path ulawFile, Speaker speaker) throws Exception {
		short[] pcm = MuLaw.decode(Files.readAllBytes(ulawFile));
		List<Heard> out = new CopyOnWriteArrayList<>();
		CountDownLatch ended = new CountDownLatch(1);
		AtomicLong fedMs = new AtomicLong(); // stream time fed so far: the recogniser is at most 40 ms behind it
		TranscriptListener listener = new TranscriptListener() {

			@Override
			public void onPartial(String callSid, Speaker who, String text, long startMs, long nowMs) {
				out.add(new Heard(who, nowMs, text, null, null));
			}

			@Override
			public void onFinal(String callSid, TranscriptSegment segment) {
				out.add(new Heard(segment.speaker(), Math.max(segment.endMs(), fedMs.get()), null, segment, null));
			}

			@Override
			public void onAudioProgress(String callSid, Speaker who, long streamMs, boolean voiced) {
				out.add(new Heard(who, streamMs, null, null, voiced));
			}

			@Override
			public void onStreamEnd(String callSid) {
				ended.countDown();
			}

		};
		TranscriptionPipeline pipeline = new TranscriptionPipeline(this.recognizer, List.of(listener), List.of(),
				TranscriptionProperties.defaults().withMaxLag(Duration.ofHours(1)));
		String callSid = "CAeval" + (++this.calls);
		AudioSink sink = pipeline.open(new StreamContext(callSid, "MZeval" + this.calls, CallDirection.OUTBOUND, Map.of()));
		Track track = (speaker == Speaker.AGENT) ? Track.INBOUND : Track.OUTBOUND; // outbound call: agent = inbound
		for (int frame = 0; (frame + 1) * FRAME <= pcm.length; frame++) {
			while (pipeline.stats().maxLagMs() > 40) { // keep up, as in real time, without taking real time
				LockSupport.parkNanos(1_000_000);
			}
			sink.onFrame(track, frame * 20L, Arrays.copyOfRange(pcm, frame * FRAME, (frame + 1) * FRAME));
			fedMs.set((frame + 1) * 20L);
		}
		sink.close();
		if (!ended.await(2, TimeUnit.MINUTES)) {
			throw new IllegalStateException("transcription of " + ulawFile + " did not finish");
		}
		pipeline.destroy();
		List<Heard> sorted = new ArrayList<>(out);
		sorted.sort(Comparator.comparingLong(Heard::atMs));
		return sorted;
	}

	@Override
	public void close() {
		this.model.close();
	}

}
