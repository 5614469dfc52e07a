package com.talkhint.transcription;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.AudioPipeline;
import com.talkhint.audio.Track;
import com.talkhint.audio.WavFile;
import com.talkhint.privacy.Redactor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class TranscriptionConfigurationTests {

	@TempDir
	Path dataDir;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withBean(Redactor.class, () -> new Redactor(true))
		.withUserConfiguration(Listeners.class, TranscriptionConfiguration.class);

	@Test
	void feedsTheDeclaredListenersInTheirOrderFromTheSharedModel() {
		this.runner.withPropertyValues("talkhint.data-dir=" + this.dataDir).run((context) -> {
			TranscriptionPipeline pipeline = (TranscriptionPipeline) context.getBean(AudioPipeline.class);
			// The startup warm-up decodes bundled audio on the same recogniser pool: let it finish first.
			assertThat(pipeline.warmedUp().get(2, TimeUnit.MINUTES)).isNotNegative();
			short[] audio = WavFile.read(SharedAudio.devClip("cmu_goforward.ulaw.wav").path()).samples();

			CallTranscription call = (CallTranscription) pipeline.open(Feeding.outboundCall("CAspring"));
			Feeding.feedKeepingUp(call, Track.INBOUND, audio, pipeline); // max-lag is 2 s here: do not overrun it
			call.close();
			call.flushed().get(60, TimeUnit.SECONDS);

			List<String> calls = context.getBean(Listeners.class).calls;
			assertThat(calls).containsExactly("first:go forward ten meters", "second:go forward ten meters");
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			assertThat(registry.get("talkhint.transcription.recognizers").gauge().value()).isZero();
			assertThat(registry.get("talkhint.transcription.dropped.frames").functionCounter().count()).isZero();
		});
	}

	@Test
	void aWrongModelPathStopsStartupWithTheSettingNamed() {
		this.runner.withPropertyValues("talkhint.data-dir=" + this.dataDir,
				"talkhint.transcription.model-path=" + this.dataDir.resolve("no-such-model"))
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.hasMessageContaining("talkhint.transcription.model-path="));
	}

	@Test
	void theBoundDefaultsAreTheOnesTheBenchmarksAndEvaluationsUse() {
		// the gate's settings are written twice (the property defaults and SilenceGate.Settings.defaults(), which
		// the benchmarks and the audio evaluations use): a hangover changed in one place only would measure one
		// product and ship another
		new ApplicationContextRunner().withUserConfiguration(PropertiesOnly.class).run((context) -> {
			TranscriptionProperties bound = context.getBean(TranscriptionProperties.class);
			TranscriptionProperties defaults = TranscriptionProperties.defaults();
			assertThat(bound).isEqualTo(defaults);
			assertThat(bound.gate()).isEqualTo(defaults.gate());
		});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TranscriptionProperties.class)
	static class PropertiesOnly {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableConfigurationProperties(TranscriptionProperties.class)
	static class Listeners {

		final List<String> calls = new CopyOnWriteArrayList<>();

		/** Declared as the application's wiring declares its chain: the order is the list's, not the beans'. */
		@Bean
		TranscriptListeners transcriptListeners() {
			return new TranscriptListeners(List.of(listener("first"), listener("second")));
		}

		@Bean
		MeterRegistry meterRegistry(List<io.micrometer.core.instrument.binder.MeterBinder> binders) {
			SimpleMeterRegistry registry = new SimpleMeterRegistry();
			binders.forEach((binder) -> binder.bindTo(registry));
			return registry;
		}

		private TranscriptListener listener(String name) {
			return new TranscriptListener() {

				@Override
				public void onFinal(String callSid, TranscriptSegment segment) {
					Listeners.this.calls.add(name + ":" + segment.text());
				}

			};
		}

	}

}
