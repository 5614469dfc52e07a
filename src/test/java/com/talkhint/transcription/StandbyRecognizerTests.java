package com.talkhint.transcription;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.talkhint.audio.AudioSink;
import com.talkhint.audio.Resampler;
import com.talkhint.audio.Speaker;
import com.talkhint.audio.Track;
import com.talkhint.audio.WavFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.vosk.Model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** The economy decoder's model, loaded only once a node falls behind. */
@Timeout(120)
class StandbyRecognizerTests {

	/**
	 * Harvard sentences with pauses between them: several utterances, so a track changes decoder between them. The
	 * small model got about 30 % of their words wrong here (fed faster than real time); a lost utterance adds 11 points.
	 */
	private static final SharedAudio.Clip SENTENCES = SharedAudio.devClip("osr_us_000_0010_part1.ulaw.wav");

	/** Fewer partials past 100 ms of lag, the economy decoder past 250 ms: audio fed at once is far behind. */
	private final TranscriptionProperties overloaded = TranscriptionProperties.defaults()
		.withMaxLag(Duration.ofMillis(500));

	private final CollectingListener listener = new CollectingListener();

	private static Model economyModel() {
		return TestVosk.freshModel(TestVosk.modelDir(TranscriptionProperties.defaults().economyDecoder().settings()));
	}

	@Test
	void loadsItsModelOnlyWhenAskedOnceAndDecodesWithIt() throws Exception {
		AtomicInteger loads = new AtomicInteger();
		StandbyRecognizer standby = new StandbyRecognizer(() -> {
			loads.incrementAndGet();
			return economyModel();
		}, 0);
		try {
			assertThat(standby.ready()).isFalse();
			assertThat(loads).hasValue(0);
			assertThatThrownBy(standby::open).isInstanceOf(IllegalStateException.class).hasMessageContaining("not loaded");

			standby.prepare();
			standby.prepare();
			await().atMost(Duration.ofSeconds(30)).until(standby::ready);
			assertThat(loads).hasValue(1);

			short[] audio = WavFile.read(SharedAudio.devClip("cmu_goforward.ulaw.wav").path()).samples();
			try (RecognitionSession session = standby.open()) {
				assertThat(standby.liveSessions()).isEqualTo(1);
				session.accept(Resampler.resample(audio, 8000, VoskSpeechRecognizer.SAMPLE_RATE), 0);
				assertThat(session.finish().text()).isEqualTo("go forward ten meters");
			}
			assertThat(standby.idle()).as("kept warm for the next track").isEqualTo(1);
		}
		finally {
			standby.close();
		}
		assertThat(standby.ready()).isFalse();
	}

	@Test
	void aNodeThatFallsBehindLoadsItAndMovesNewUtterancesToIt() throws Exception {
		short[] audio = WavFile.read(SENTENCES.path()).samples();
		StandbyRecognizer economy = new StandbyRecognizer(StandbyRecognizerTests::economyModel, 0);
		TranscriptionPipeline pipeline = new TranscriptionPipeline(TestVosk.recognizer(), economy,
				List.of(this.listener), List.of(), this.overloaded);
		try {
			AudioSink call = pipeline.open(Feeding.outboundCall("CAeconomy"));
			// The whole clip at once: seconds behind real time, so the node steps down and the model starts loading.
			Feeding.feed(call, Track.INBOUND, audio);
			// Tracks keep decoding on the shipped decoder meanwhile (opening the standby one before it is ready throws).
			await().atMost(Duration.ofSeconds(30)).until(economy::ready);
			// The clip again, at once: its utterances start while the node is still behind, on the economy decoder.
			long offsetMs = Feeding.frames(audio) * 20L;
			for (int frame = 0; frame < Feeding.frames(audio); frame++) {
				call.onFrame(Track.INBOUND, offsetMs + frame * 20L, Feeding.frame(audio, frame));
			}
			call.close();
			call.flushed().get(60, TimeUnit.SECONDS);

			assertThat(economy.created()).isPositive();
			assertThat(pipeline.stats().droppedFramesTotal()).isZero();
			String twice = SENTENCES.reference() + " " + SENTENCES.reference();
			assertThat(Wer.percent(twice, this.listener.text("CAeconomy", Speaker.AGENT))).isLessThan(40);
		}
		finally {
			pipeline.destroy();
			economy.close();
		}
	}

	@Test
	void aModelThatFailsToLoadLeavesCallsOnTheShippedDecoderAndLosesNothing() throws Exception {
		short[] audio = WavFile.read(SENTENCES.path()).samples();
		CountDownLatch tried = new CountDownLatch(1);
		StandbyRecognizer economy = new StandbyRecognizer(() -> {
			tried.countDown();
			throw new IOException("no such model");
		}, 0);
		TranscriptionPipeline pipeline = new TranscriptionPipeline(TestVosk.recognizer(), economy,
				List.of(this.listener), List.of(), this.overloaded);
		try {
			AudioSink call = pipeline.open(Feeding.outboundCall("CAnoeconomy"));
			Feeding.feed(call, Track.INBOUND, audio);
			assertThat(tried.await(30, TimeUnit.SECONDS)).as("the overload asked for the model").isTrue();
			call.close();
			call.flushed().get(60, TimeUnit.SECONDS);

			assertThat(economy.ready()).isFalse();
			assertThat(pipeline.stats().droppedFramesTotal()).isZero();
			assertThat(Wer.percent(SENTENCES.reference(), this.listener.text("CAnoeconomy", Speaker.AGENT)))
				.isLessThan(40);
		}
		finally {
			pipeline.destroy();
			economy.close();
		}
	}

}
