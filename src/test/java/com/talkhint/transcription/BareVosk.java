package com.talkhint.transcription;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.vosk.Model;
import org.vosk.Recognizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: a Vosk {@link Recognizer} fed a whole track at 16 kHz in 20 ms chunks, results taken at
 * Vosk's own endpoints plus the final one. No gate, no queue, no pipeline. The tests, the transcription benchmarks
 * and the load driver's yardstick ({@code BareVoskMeter}) all feed it the same way.
 */
public final class BareVosk {

	/** The model as published, untouched by the build's graph composition (pom.xml unpacks it here). */
	public static final Path PUBLISHED_MODEL = Path.of("target/vosk-model-published/assets/model-en-us");

	/** 20 ms at 16 kHz. */
	private static final int CHUNK = 320;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private BareVosk() {
	}

	/** The words bare Vosk hears in a track: its endpoint results and the final one, joined. */
	static String transcribe(Model model, short[] pcm16k) {
		List<String> texts = new ArrayList<>();
		try (Recognizer recognizer = new Recognizer(model, 16000f)) {
			feed(recognizer, pcm16k, (json) -> texts.add(JSON.readTree(json).path("text").asString("").trim()));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return String.join(" ", texts.stream().filter((t) -> !t.isEmpty()).toList());
	}

	/**
	 * Feeds a whole track to {@code recognizer} in 20 ms chunks (the last one shorter when the track ends inside
	 * one) and hands {@code results} the JSON of each result Vosk returns at its endpoints, then of the final one.
	 */
	public static void feed(Recognizer recognizer, short[] pcm16k, Consumer<String> results) {
		short[] chunk = new short[CHUNK];
		for (int offset = 0; offset < pcm16k.length; offset += CHUNK) {
			int length = Math.min(CHUNK, pcm16k.length - offset);
			System.arraycopy(pcm16k, offset, chunk, 0, length);
			if (recognizer.acceptWaveForm(chunk, length)) {
				results.accept(recognizer.getResult());
			}
		}
		results.accept(recognizer.getFinalResult());
	}

}
