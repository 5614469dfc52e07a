package com.talkhint.system;

import java.util.ArrayList;
import java.util.List;

import com.talkhint.call.TranscriptRecorder;
import com.talkhint.hint.HintEngine;
import com.talkhint.transcription.TranscriptListener;
import com.talkhint.transcription.TranscriptListeners;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The live pipeline from Twilio's media to the browsers, in one place: which stage is built where, and the order
 * of the transcript listeners, which only this class decides.
 *
 * <pre>
 * socket thread        MediaStreamHandler: Twilio JSON → base64 → µ-law → PCM16 8 kHz → AudioPipeline.open/onFrame
 * recognition worker   TranscriptionPipeline#initTrack: resample 8 → 16 kHz → silence gate → Vosk recogniser
 * delivery thread      redaction (TranscriptionConfiguration, the Redactor) → {@link #transcriptListeners} in order:
 *                        1. TranscriptRecorder ─▶ CallJournal: transcript.partial, transcript.final (stored)
 *                        2. HintEngine ─────────▶ CallJournal: hint (stored), checklist, metrics, call.summary (stored)
 *                        3. any other TranscriptListener bean
 * CallJournal          queues the row, publishes on the EventBus at once ─▶ browsers (/ui/events), Redis
 * </pre>
 */
@Configuration(proxyBeanMethods = false)
class PipelineConfiguration {

	/**
	 * The recorder first, so a call's line is published and queued for storage before the hints, checklist and
	 * metrics it causes: the browser shows the line before a hint that quotes it, and the journal stores them in
	 * that order. Listeners that are neither come last, in the order their beans were registered.
	 */
	@Bean
	TranscriptListeners transcriptListeners(TranscriptRecorder recorder, HintEngine hints,
			ObjectProvider<TranscriptListener> all) {
		List<TranscriptListener> chain = new ArrayList<>(List.of(recorder, hints));
		all.stream().filter((listener) -> listener != recorder && listener != hints).forEach(chain::add);
		return new TranscriptListeners(chain);
	}

}
