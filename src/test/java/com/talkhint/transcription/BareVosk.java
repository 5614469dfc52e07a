package com.talkhint.transcription;

import java.util.ArrayList;
import java.util.List;

import org.vosk.Model;
import org.vosk.Recognizer;
import tools.jackson.databind.json.JsonMapper;

/**
 * The baseline: a Vosk {@link Recognizer} fed a whole track at 16 kHz in 20 ms chunks, results taken at
 * Vosk's own endpoints plus the final one. No gate, no queue, no pipeline.
 */
final class BareVosk {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private BareVosk() {
	}

	static String transcribe(Model model, short[] pcm16k) {
		List<String> texts = new ArrayList<>();
		try (Recognizer recognizer = new Recognizer(model, 16000f)) {
			for (int offset = 0; offset < pcm16k.length; offset += 320) {
				int length = Math.min(320, pcm16k.length - offset);
				short[] chunk = java.util.Arrays.copyOfRange(pcm16k, offset, offset + length);
				if (recognizer.acceptWaveForm(chunk, length)) {
					texts.add(text(recognizer.getResult()));
				}
			}
			texts.add(text(recognizer.getFinalResult()));
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
		return String.join(" ", texts.stream().filter((t) -> !t.isEmpty()).toList());
	}

	private static String text(String json) {
		return JSON.readTree(json).path("text").asString("").trim();
	}

}
