package com.talkhint.transcription;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

import org.vosk.LibVosk;
import org.vosk.LogLevel;
import org.vosk.Model;

/**
 * The real Vosk model from the build output as a node loads it (the shipped decoder settings), loaded once per test
 * JVM (it is thread-safe and shared).
 */
final class TestVosk {

	private static Model model;

	private TestVosk() {
	}

	static synchronized Model model() {
		if (model == null) {
			try {
				LibVosk.setLogLevel(LogLevel.WARNINGS);
				model = new Model(shippedModelDir().toString());
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
		}
		return model;
	}

	/**
	 * A model of its own loaded from {@code dir} (the model's own {@link #modelDir()}, {@link #shippedModelDir()} or
	 * one with other decoder settings, {@link DecoderSettings}), for results that must not depend on what else was
	 * recognised before: a shared Vosk model keeps decoding caches, and the same audio can come out a word or two
	 * different depending on what the model decoded earlier. Close it after use.
	 */
	static Model freshModel(Path dir) {
		model(); // log level, location
		try {
			return new Model(dir.toString());
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The built-in model's directory (extracted under target/test-data when it is in a jar). */
	static Path modelDir() {
		try {
			return new VoskModelLocator("", Path.of("target/test-data"), TestVosk.class.getClassLoader()).locate();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/**
	 * The built-in model as a node loads it: with the shipped decoder settings ({@link TranscriptionProperties#defaults()}),
	 * which may differ from the model's own {@code conf/model.conf} (the endpoint silence does).
	 */
	static Path shippedModelDir() {
		return modelDir(TranscriptionProperties.defaults().decoder().settings());
	}

	/** The built-in model with {@code settings} ({@link DecoderSettings#apply}, derived under target/test-data). */
	static Path modelDir(DecoderSettings settings) {
		try {
			return settings.apply(modelDir(), Path.of("target/test-data/models"));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static VoskSpeechRecognizer recognizer() {
		return new VoskSpeechRecognizer(model());
	}

}
