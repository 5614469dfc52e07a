package com.talkhint.transcription;

import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.TimeUnit;

import com.talkhint.audio.AudioPipeline;
import com.talkhint.audio.AudioSink;
import com.talkhint.audio.CallDirection;
import com.talkhint.audio.MuLaw;
import com.talkhint.audio.StreamContext;
import com.talkhint.audio.Track;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a few seconds of bundled two-party audio through the real transcription path once at startup, so the
 * first call after a start is as fast as the tenth: the JIT has compiled the per-frame path, Vosk's model pages are
 * in memory, and the recogniser pool holds two recognisers (on a model whose graph is composed on the fly, warm ones:
 * a fresh recogniser there pays for expanding the graph on its first utterances). Runs on a pipeline of its own with
 * no listeners, so nothing is stored or published: {@link TranscriptionPipeline#warmUpRecognizer} makes that pipeline
 * and hands it here.
 */
final class TranscriptionWarmUp {

	/** The built-in onboarding scenario: not one of the calls the benchmarks and load runs measure. */
	static final String AGENT = "scenarios/onboarding/agent.ulaw";

	static final String CUSTOMER = "scenarios/onboarding/customer.ulaw";

	/** Audio decoded per track: enough for the JIT to compile the per-frame path, ≈ 1–2 s of CPU in all. */
	static final int SECONDS = 10;

	private static final Logger log = LoggerFactory.getLogger(TranscriptionWarmUp.class);

	private TranscriptionWarmUp() {
	}

	/**
	 * Decodes the bundled audio through {@code pipeline}, whose recogniser is {@code recognizer}; returns the wall
	 * time it took, in ms, or -1 if it failed.
	 */
	static long run(AudioPipeline pipeline, SpeechRecognizer recognizer) {
		long started = System.nanoTime();
		try {
			short[] agent = load(AGENT);
			short[] customer = load(CUSTOMER);
			int frames = Math.min(Math.min(agent.length, customer.length), SECONDS * TrackTranscriber.INPUT_RATE) / 160;
			AudioSink call = pipeline.open(new StreamContext("CA" + "0".repeat(32),
					"MZwarmup", CallDirection.OUTBOUND, java.util.Map.of()));
			for (int i = 0; i < frames; i++) {
				call.onFrame(Track.INBOUND, i * 20L, java.util.Arrays.copyOfRange(agent, i * 160, i * 160 + 160));
				call.onFrame(Track.OUTBOUND, i * 20L, java.util.Arrays.copyOfRange(customer, i * 160, i * 160 + 160));
			}
			call.close();
			call.flushed().get(2, TimeUnit.MINUTES);
			long ms = (System.nanoTime() - started) / 1_000_000;
			log.info("[transcription] warmed up in {} ms: {} s of bundled audio per track decoded, {} recognisers ready",
					ms, frames / 50, recognizer.idle());
			return ms;
		}
		catch (Exception ex) {
			log.warn("[transcription] warm-up failed (the first call will be slower): {}", ex.toString());
			return -1;
		}
	}

	private static short[] load(String resource) throws IOException {
		try (InputStream in = TranscriptionWarmUp.class.getClassLoader().getResourceAsStream(resource)) {
			if (in == null) {
				throw new IOException(resource + " is not on the classpath");
			}
			return MuLaw.decode(in.readAllBytes());
		}
	}

}
