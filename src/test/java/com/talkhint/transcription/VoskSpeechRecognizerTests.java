package com.talkhint.transcription;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.talkhint.audio.WavFile;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

/** The warm pool of native recognisers: reuse, the end of a recogniser's life, and freeing what a quiet node holds. */
class VoskSpeechRecognizerTests {

	@Test
	void idleRecognisersBeyondTheWarmPairAreFreedOnceTheyHaveWaitedLongEnough() throws Exception {
		VoskSpeechRecognizer recognizer = new VoskSpeechRecognizer(TestVosk.model());
		try {
			List<RecognitionSession> sessions = new ArrayList<>();
			for (int i = 0; i < 3; i++) {
				sessions.add(recognizer.open());
			}
			sessions.forEach(RecognitionSession::close);
			assertThat(recognizer.idle()).isEqualTo(3);

			assertThat(recognizer.releaseIdle(Duration.ofHours(1))).as("none has waited an hour").isZero();
			assertThat(recognizer.idle()).isEqualTo(3);

			assertThat(recognizer.releaseIdle(Duration.ZERO)).isEqualTo(1);
			assertThat(recognizer.idle()).as("one two-track call's worth stays warm").isEqualTo(VoskSpeechRecognizer.KEEP_WARM);
			assertThat(recognizer.releaseIdle(Duration.ZERO)).isZero();

			recognizer.open().close();
			assertThat(recognizer.created()).as("the next track took a warm one").isEqualTo(3);
		}
		finally {
			recognizer.clear();
		}
	}

	@Test
	void aRecogniserThatHasHeardItsLifetimeOfAudioIsFreedNotPooled() throws Exception {
		short[] speech = WavFile.read(SharedAudio.devClip("jfk_ask_not.ulaw.wav").path()).samples(); // 8 kHz
		short[] audio = new short[speech.length * 2]; // what the session expects: 16 kHz (the words do not matter)
		for (int i = 0; i < audio.length; i++) {
			audio[i] = speech[i / 2];
		}
		long lifetime = audio.length / 2;
		VoskSpeechRecognizer recognizer = new VoskSpeechRecognizer(TestVosk.model(), 0, lifetime);
		try {
			RecognitionSession shortOne = recognizer.open();
			shortOne.accept(java.util.Arrays.copyOf(audio, (int) lifetime / 2), 0);
			shortOne.close();
			assertThat(recognizer.idle()).as("half its life left: back in the pool").isEqualTo(1);

			RecognitionSession session = recognizer.open();
			session.accept(audio, 0);
			session.finish();
			session.close();

			assertThat(recognizer.idle()).isZero();
			assertThat(recognizer.releaseIdle(Duration.ofHours(1))).as("the retired one is counted as freed").isEqualTo(1);
			assertThat(recognizer.releaseIdle(Duration.ofHours(1))).isZero();
			recognizer.open().close();
			assertThat(recognizer.created()).as("the next track needed a new one").isEqualTo(2);
		}
		finally {
			recognizer.clear();
		}
	}

	@Test
	void thePipelineFreesBothDecodersIdleRecognisersAndTrimsTheHeapOnceNoStreamIsOpen() throws Exception {
		VoskSpeechRecognizer primary = new VoskSpeechRecognizer(TestVosk.model());
		VoskSpeechRecognizer economy = new VoskSpeechRecognizer(TestVosk.model());
		TranscriptionPipeline pipeline = new TranscriptionPipeline(primary, economy, List.of(), List.of(),
				TranscriptionProperties.defaults());
		try {
			for (VoskSpeechRecognizer recognizer : List.of(primary, economy)) {
				List<RecognitionSession> sessions = new ArrayList<>();
				for (int i = 0; i < 4; i++) {
					sessions.add(recognizer.open());
				}
				sessions.forEach(RecognitionSession::close);
			}

			com.talkhint.audio.AudioSink stream = pipeline.open(Feeding.outboundCall("CAtrim1"));
			assertThat(pipeline.releaseIdleRecognizers(Duration.ZERO)).isEqualTo(4);
			assertThat(primary.idle()).isEqualTo(2);
			assertThat(economy.idle()).isEqualTo(2);
			assertThat(pipeline.untrimmed()).as("no trim while a stream is open").isEqualTo(4);

			stream.close();
			await().atMost(Duration.ofSeconds(30)).until(() -> pipeline.stats().openStreams() == 0);
			assertThat(pipeline.releaseIdleRecognizers(Duration.ZERO)).isZero();
			assertThat(pipeline.untrimmed()).as("trimmed once the node was quiet").isZero();
		}
		finally {
			pipeline.destroy();
			primary.clear();
			economy.clear();
		}
	}

	@Test
	void onGlibcTheFreedNativeMemoryCanBeHandedBack() {
		assumeThat(System.getProperty("os.name")).isEqualTo("Linux");
		assumeThat(java.nio.file.Files.exists(java.nio.file.Path.of("/etc/alpine-release"))).as("musl").isFalse();

		assertThat(NativeHeap.canTrim()).isTrue();
		NativeHeap.trim(); // 1 or 0 (whether anything was returned): either is a working call
		assertThat(NativeHeap.residentMiB()).isPositive();
	}

}
