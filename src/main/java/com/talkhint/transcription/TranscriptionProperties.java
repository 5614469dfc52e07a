package com.talkhint.transcription;

import java.time.Duration;

import com.talkhint.audio.SilenceGate;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of live transcription ({@code talkhint.transcription.*}).
 *
 * @param modelPath directory of an unzipped Vosk model to use instead of the built-in small English one
 * (e.g. a larger, more accurate model); empty for the built-in one
 * @param silenceGate skip silences instead of recognising them (saves CPU; ends utterances quickly)
 * @param thresholdDb how far above the line noise a frame must be to count as speech
 * @param hangover silence after which an utterance is final (shorter: faster finals, more splits)
 * @param preRoll audio kept from before a speech onset, so the first word is never clipped
 * @param maxLag how far recognition may fall behind real time before audio is dropped, silence first
 * @param partialInterval how often a partial hypothesis is asked for while someone talks
 * @param alternatives how many readings of each utterance to ask the recogniser for (n-best); the ones after
 * the best let a hint fire when the best reading misheard its trigger words (0 = best reading only)
 */
@ConfigurationProperties("talkhint.transcription")
public record TranscriptionProperties(@DefaultValue("") String modelPath, @DefaultValue("true") boolean silenceGate,
		@DefaultValue("12") double thresholdDb, @DefaultValue("300ms") Duration hangover,
		@DefaultValue("300ms") Duration preRoll, @DefaultValue("2s") Duration maxLag,
		@DefaultValue("200ms") Duration partialInterval, @DefaultValue("5") int alternatives) {

	/** The built-in defaults, for use outside Spring (tests, benchmarks). */
	public static TranscriptionProperties defaults() {
		SilenceGate.Settings gate = SilenceGate.Settings.defaults();
		return new TranscriptionProperties("", true, gate.thresholdDb(), gate.hangover(), gate.preRoll(),
				Duration.ofSeconds(2), Duration.ofMillis(200), 5);
	}

	public TranscriptionProperties withSilenceGate(boolean enabled) {
		return new TranscriptionProperties(this.modelPath, enabled, this.thresholdDb, this.hangover, this.preRoll,
				this.maxLag, this.partialInterval, this.alternatives);
	}

	public TranscriptionProperties withHangover(Duration hangover) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, hangover, this.preRoll,
				this.maxLag, this.partialInterval, this.alternatives);
	}

	public TranscriptionProperties withMaxLag(Duration maxLag) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, this.hangover,
				this.preRoll, maxLag, this.partialInterval, this.alternatives);
	}

	public TranscriptionProperties withAlternatives(int alternatives) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, this.hangover,
				this.preRoll, this.maxLag, this.partialInterval, alternatives);
	}

	/** The gate settings these properties describe. */
	public SilenceGate.Settings gate() {
		SilenceGate.Settings defaults = SilenceGate.Settings.defaults();
		return new SilenceGate.Settings(this.thresholdDb, defaults.minimumFloorDbfs(), defaults.onset(), this.hangover,
				this.preRoll, defaults.floorWindow());
	}

}
