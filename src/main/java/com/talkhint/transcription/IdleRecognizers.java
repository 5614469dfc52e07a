package com.talkhint.transcription;

import java.time.Duration;

import org.springframework.scheduling.annotation.Scheduled;

/**
 * Every half minute, frees the recognisers no call has needed for two minutes (and the ones retired at the end of
 * their life), so a node that was busy an hour ago does not keep that hour's memory. Two stay warm
 * ({@link VoskSpeechRecognizer#KEEP_WARM}), so the next call starts as fast as the last.
 */
class IdleRecognizers {

	/** Longer than the gap between back-to-back calls, so a busy node keeps reusing warm recognisers. */
	static final Duration IDLE_FOR = Duration.ofMinutes(2);

	private final TranscriptionPipeline pipeline;

	IdleRecognizers(TranscriptionPipeline pipeline) {
		this.pipeline = pipeline;
	}

	@Scheduled(fixedDelay = 30_000, initialDelay = 30_000)
	void release() {
		this.pipeline.releaseIdleRecognizers(IDLE_FOR);
	}

}
