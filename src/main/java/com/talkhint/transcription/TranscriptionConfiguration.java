package com.talkhint.transcription;

import java.io.IOException;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Wires live transcription: the one shared Vosk model, the recogniser over it, and the pipeline. */
@Configuration(proxyBeanMethods = false)
class TranscriptionConfiguration {

	private static final Logger log = LoggerFactory.getLogger(TranscriptionConfiguration.class);

	@Bean
	VoskModelLocator voskModelLocator(TranscriptionProperties properties,
			@Value("${talkhint.data-dir:./data}") String dataDir) {
		return new VoskModelLocator(properties.modelPath(), Path.of(dataDir), getClass().getClassLoader());
	}

	/**
	 * Loaded once (≈ 1 s, ≈ 220 MB native with the precomposed graph, ./talkhint bench graph), shared by every
	 * recogniser; freed after the pipeline stops.
	 */
	@Bean(destroyMethod = "close")
	Model voskModel(VoskModelLocator locator, TranscriptionProperties properties,
			@Value("${talkhint.data-dir:./data}") String dataDir) throws IOException {
		return load(locator, properties.decoder().settings(), Path.of(dataDir), "");
	}

	/**
	 * The same model with the cheaper search settings, for utterances that start while the node is overloaded.
	 * Shares nothing with the other (Vosk keeps one set of settings per model): ≈ 220 MB more, so it is loaded only
	 * when the node first falls behind.
	 */
	@Bean(destroyMethod = "close")
	StandbyRecognizer economyRecognizer(VoskModelLocator locator, TranscriptionProperties properties,
			@Value("${talkhint.data-dir:./data}") String dataDir) {
		return new StandbyRecognizer(
				() -> load(locator, properties.economyDecoder().settings(), Path.of(dataDir), "economy "),
				properties.alternatives());
	}

	private static Model load(VoskModelLocator locator, DecoderSettings decoder, Path dataDir, String what)
			throws IOException {
		Path dir = decoder.apply(locator.locate(), dataDir.resolve("models"));
		try {
			// Kaldi logs a line per model file and per recogniser otherwise.
			LibVosk.setLogLevel(LogLevel.WARNINGS);
		}
		catch (UnsatisfiedLinkError ex) {
			throw new IllegalStateException("Vosk's native library does not load on this platform ("
					+ System.getProperty("os.name") + " " + System.getProperty("os.arch")
					+ "); com.alphacephei:vosk ships linux-x86-64, darwin and win32-x86-64: " + ex.getMessage(), ex);
		}
		long started = System.nanoTime();
		try {
			Model model = new Model(dir.toString());
			boolean precomposed = VoskModelLocator.precomposed(dir);
			log.info("[transcription] Vosk {}model loaded from {} in {} ms ({} graph; beam {}, max-active {}, "
					+ "lattice-beam {}, endpoint silence {} s)", what, dir, (System.nanoTime() - started) / 1_000_000,
					precomposed ? "precomposed" : "on-the-fly", decoder.beam(), decoder.maxActive(),
					decoder.latticeBeam(), decoder.endpointSilence());
			if (!precomposed && what.isEmpty()) {
				log.warn("[transcription] The model's graph is composed on the fly by every recogniser: calls cost "
						+ "about twice the CPU and tens of MB each. ./talkhint precomposes the built-in model's graph "
						+ "at build time (scripts/vosk-static-graph.sh, with Debian's libfst-tools)");
			}
			return model;
		}
		catch (IOException ex) {
			throw new IllegalStateException("Vosk could not load the model in " + dir
					+ " (see the native log above); check talkhint.transcription.model-path", ex);
		}
	}

	@Bean(destroyMethod = "clear")
	VoskSpeechRecognizer voskSpeechRecognizer(Model voskModel, TranscriptionProperties properties) {
		return new VoskSpeechRecognizer(voskModel, properties.alternatives());
	}

	@Bean
	TranscriptionPipeline transcriptionPipeline(VoskSpeechRecognizer recognizer, StandbyRecognizer economy,
			TranscriptListeners listeners, ObjectProvider<TranscriptionHealthListener> health,
			TranscriptionProperties properties, com.talkhint.privacy.Redactor redactor) {
		// Resolved now, not on the first stream: no listener needs the pipeline, so there is no cycle to defer.
		// The transcript listeners' order is the application's (one bean); health listeners are told in any order.
		TranscriptionPipeline pipeline = new TranscriptionPipeline(recognizer, economy, listeners.inOrder(),
				health.stream().toList(), properties);
		pipeline.redactWith(redactor::redact, redactor::redactPartial);
		return pipeline;
	}

	@Bean
	IdleRecognizers idleRecognizers(TranscriptionPipeline pipeline) {
		return new IdleRecognizers(pipeline);
	}

	/**
	 * The warm-up starts once the application is ready, off the startup thread: on two cores, decoding during the
	 * start slowed the start itself by seconds. The node reports itself ready once it is warm, a few seconds later,
	 * and a call placed before that waits for it (system.WarmUpConfiguration).
	 */
	@Bean
	org.springframework.context.ApplicationListener<org.springframework.boot.context.event.ApplicationReadyEvent> transcriptionWarmUpWhenReady(
			TranscriptionPipeline pipeline, TranscriptionProperties properties) {
		return (event) -> {
			if (properties.warmUp()) {
				pipeline.warmUp();
			}
		};
	}

}
