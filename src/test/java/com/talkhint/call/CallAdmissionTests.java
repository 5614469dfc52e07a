package com.talkhint.call;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.StreamContext;
import com.talkhint.audio.Track;
import com.talkhint.transcription.RecognitionSession;
import com.talkhint.transcription.SpeechRecognizer;
import com.talkhint.transcription.TranscriptionPipeline;
import com.talkhint.transcription.TranscriptionProperties;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpStatus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class CallAdmissionTests {

	@Test
	void aNodeFarBehindRealTimeRefusesNewCallsWith503AndWhatItMeasured() throws Exception {
		CountDownLatch release = new CountDownLatch(1);
		// A recogniser that never returns from its first audio: recognition falls further behind every frame.
		SpeechRecognizer stuck = new SpeechRecognizer() {

			@Override
			public int sampleRate() {
				return 16000;
			}

			@Override
			public RecognitionSession open() {
				return new RecognitionSession() {

					@Override
					public java.util.Optional<com.talkhint.transcription.Recognition> accept(short[] pcm, double streamMs) {
						try {
							release.await(60, TimeUnit.SECONDS);
						}
						catch (InterruptedException ex) {
							Thread.currentThread().interrupt();
						}
						return java.util.Optional.empty();
					}

					@Override
					public String partial() {
						return "";
					}

					@Override
					public com.talkhint.transcription.Recognition endAtPause() {
						return com.talkhint.transcription.Recognition.NOTHING;
					}

					@Override
					public com.talkhint.transcription.Recognition finish() {
						return com.talkhint.transcription.Recognition.NOTHING;
					}

					@Override
					public void close() {
					}

				};
			}

			@Override
			public int liveSessions() {
				return 0;
			}

		};
		TranscriptionPipeline pipeline = new TranscriptionPipeline(stuck, List.of(), List.of(),
				TranscriptionProperties.defaults().withMaxLag(Duration.ofMillis(200)));
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("pipeline", pipeline);
		CallAdmission admission = new CallAdmission(beans.getBeanProvider(TranscriptionPipeline.class),
				beans.getBeanProvider(StringRedisTemplate.class), beans.getBeanProvider(WarmUp.class),
				JsonMapper.builder().build(), Clock.systemUTC(),
				new SimpleMeterRegistry(), "node-a", "", "local", "talkhint:events");
		admission.check(); // an idle node takes calls

		var call = pipeline.open(new StreamContext("CA" + "1".repeat(32), "MZ1", CallDirection.OUTBOUND, java.util.Map.of()));
		short[] loud = new short[160];
		java.util.Arrays.fill(loud, (short) 8000);
		for (int frame = 0; frame < 100; frame++) { // 2 s of audio, all of it waiting
			call.onFrame(Track.INBOUND, frame * 20L, loud.clone());
		}
		await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThatThrownBy(admission::check)
			.isInstanceOfSatisfying(ApiError.class, (error) -> {
				assertThat(error.status()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
				assertThat(error.getMessage()).contains("cannot take another call now", "behind real time",
						"1 call(s) streaming", "Calls already running keep all their audio");
				assertThat(error.toResponse().getBody()).containsKeys("error", "node", "capacity");
			}));
		release.countDown();
		call.close();
		call.flushed().get(30, TimeUnit.SECONDS);
		pipeline.destroy();
	}

	@Test
	void aCallPlacedWhileTheNodeWarmsUpWaitsForTheWarmUpThenGoesAhead() throws Exception {
		CompletableFuture<Long> recognisers = new CompletableFuture<>();
		CompletableFuture<Void> meaning = new CompletableFuture<>();
		DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
		beans.registerSingleton("recognisers", new WarmUp("transcription warm-up", () -> recognisers));
		beans.registerSingleton("meaning", new WarmUp("meaning model load", () -> meaning));
		CallAdmission admission = new CallAdmission(beans.getBeanProvider(TranscriptionPipeline.class),
				beans.getBeanProvider(StringRedisTemplate.class), beans.getBeanProvider(WarmUp.class),
				JsonMapper.builder().build(), Clock.systemUTC(), new SimpleMeterRegistry(), "node-a", "", "local",
				"talkhint:events");

		CompletableFuture<Void> placed = CompletableFuture.runAsync(admission::check);
		// a check that did not wait would be over within these 300 ms
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !placed.isDone());
		recognisers.complete(3000L);
		// the meaning model is still loading
		await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(5)).until(() -> !placed.isDone());
		meaning.completeExceptionally(new IllegalStateException("model failed to load")); // over, however it ended
		placed.get(10, TimeUnit.SECONDS);

		admission.check(); // once warm, a call goes ahead at once
	}

}
