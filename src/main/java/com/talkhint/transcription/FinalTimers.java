package com.talkhint.transcription;

import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

/**
 * Where a final's time goes inside the node, stage by stage ({@code talkhint.transcription.final.stage}, tag
 * {@code stage}). For a final that ends at a pause (the live case): {@code queued}, from the socket thread queuing
 * the frame whose silence closed the gate to a recognition worker taking it; {@code recognised}, from there to the
 * final in hand (300 ms of silence replayed to Vosk and its result). For every final: {@code delivery}, from the
 * final in hand to the call's delivery thread taking it; {@code listeners}, redaction and the listeners (storing,
 * publishing, the rules). What the load driver measures from outside on top of these is the gate's hangover and
 * the way to the browser. One clock read per frame as it is queued ({@code System.nanoTime()}, tens of ns), the rest a
 * few per utterance.
 */
record FinalTimers(Timer queued, Timer recognised, Timer delivery, Timer listeners) {

	static final String NAME = "talkhint.transcription.final.stage";

	/** Timers that count nothing, until a registry is added to the composite they are made on. */
	static FinalTimers unbound() {
		return on(new CompositeMeterRegistry());
	}

	static FinalTimers on(MeterRegistry registry) {
		return new FinalTimers(timer(registry, "queued"), timer(registry, "recognised"), timer(registry, "delivery"),
				timer(registry, "listeners"));
	}

	private static Timer timer(MeterRegistry registry, String stage) {
		return Timer.builder(NAME)
			.tag("stage", stage)
			.description("Time a final spends in one stage inside the node (queued and recognised: finals at a pause)")
			.publishPercentiles(0.5, 0.95)
			// a load level is one to three minutes: its percentiles, not the previous level's
			.distributionStatisticExpiry(Duration.ofSeconds(60))
			.distributionStatisticBufferLength(2)
			.register(registry);
	}

}
