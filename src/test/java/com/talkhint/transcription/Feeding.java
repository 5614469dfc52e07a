package com.talkhint.transcription;

import java.util.Arrays;
import java.util.Map;

import com.talkhint.audio.AudioSink;
import com.talkhint.audio.CallDirection;
import com.talkhint.audio.StreamContext;
import com.talkhint.audio.Track;

/** Plays 8 kHz PCM into an {@link AudioSink} the way the Twilio socket handler does: 20 ms frames per track. */
final class Feeding {

	/** 8000 Hz × 20 ms. */
	static final int FRAME = 160;

	private Feeding() {
	}

	static StreamContext outboundCall(String callSid) {
		return new StreamContext(callSid, "MZ" + callSid.substring(2), CallDirection.OUTBOUND, Map.of());
	}

	/** Feeds a whole track as fast as the sink accepts it (frame n carries timestamp n × 20 ms). */
	static void feed(AudioSink sink, Track track, short[] pcm8k) {
		for (int frame = 0; frame * FRAME < pcm8k.length; frame++) {
			sink.onFrame(track, frame * 20L, frame(pcm8k, frame));
		}
	}

	/**
	 * Feeds a track as fast as the pipeline keeps up (never more than 40 ms queued), so it behaves as in
	 * real time (partials included) without taking real time.
	 */
	static void feedKeepingUp(AudioSink sink, Track track, short[] pcm8k, TranscriptionPipeline pipeline) {
		for (int frame = 0; frame * FRAME < pcm8k.length; frame++) {
			while (pipeline.stats().maxLagMs() > 40) {
				java.util.concurrent.locks.LockSupport.parkNanos(1_000_000);
			}
			sink.onFrame(track, frame * 20L, frame(pcm8k, frame));
		}
	}

	/** Frame {@code n} of a track: samples [160·n, 160·n + 160), zero-padded at the end. */
	static short[] frame(short[] pcm8k, int n) {
		int from = n * FRAME;
		return Arrays.copyOfRange(pcm8k, from, from + FRAME);
	}

	static int frames(short[] pcm8k) {
		return (pcm8k.length + FRAME - 1) / FRAME;
	}

}
