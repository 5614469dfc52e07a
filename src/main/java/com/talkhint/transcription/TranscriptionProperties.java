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
 * @param maxLag how far recognition may fall behind real time before the track counts as lagging (diagnostic)
 * and the node refuses new calls; the cheaper decoder comes in at half of it, fewer partials at a fifth. No audio
 * is dropped at this point: the track catches up later
 * @param maxBacklog the most audio a track may have waiting; past it (a node starved of CPU for that long) the
 * oldest is dropped, counted and reported
 * @param partialInterval how often a partial hypothesis is asked for while someone talks (five times less often
 * while the node is overloaded)
 * @param alternatives how many readings of each utterance to ask the recogniser for (n-best); the ones after
 * the best let a hint fire when the best reading misheard its trigger words (0 = best reading only)
 * @param workers recognition threads shared by every track; 0 = one per processor
 * @param decoder Vosk's search settings for normal load (see {@link DecoderSettings})
 * @param economyDecoder the cheaper settings new utterances get while the node is overloaded
 * @param warmUp decode bundled audio at startup so the first call is as fast as the tenth
 */
@ConfigurationProperties("talkhint.transcription")
public record TranscriptionProperties(@DefaultValue("") String modelPath, @DefaultValue("true") boolean silenceGate,
		@DefaultValue("12") double thresholdDb, @DefaultValue("300ms") Duration hangover,
		@DefaultValue("300ms") Duration preRoll, @DefaultValue("2s") Duration maxLag,
		@DefaultValue("60s") Duration maxBacklog, @DefaultValue("200ms") Duration partialInterval,
		@DefaultValue("5") int alternatives, @DefaultValue("0") int workers,
		@DefaultValue Decoder decoder, @DefaultValue Economy economyDecoder,
		@DefaultValue("true") boolean warmUp) {

	/**
	 * Vosk search settings as configured ({@code beam}, {@code max-active}, {@code lattice-beam}).
	 *
	 * @param beam decoding beam
	 * @param maxActive most hypotheses kept per frame
	 * @param latticeBeam lattice pruning beam
	 * @param endpointSilence Vosk's endpoint rule 2 trailing silence in seconds ({@link DecoderSettings}); 0.3, not
	 * the model's 0.5, chosen when a final at a pause waited for Vosk to endpoint on replayed silence (since
	 * 2026-12-07 it waits for at most 300 ms of it instead); the same hints through the recogniser (docs/load.md)
	 */
	public record Decoder(@DefaultValue("10") double beam, @DefaultValue("3000") int maxActive,
			@DefaultValue("2") double latticeBeam, @DefaultValue("0.3") double endpointSilence) {

		public DecoderSettings settings() {
			return new DecoderSettings(this.beam, this.maxActive, this.latticeBeam, this.endpointSilence);
		}

	}

	/**
	 * The cheaper search for overload ({@code economy-decoder.beam} etc.).
	 *
	 * @param beam decoding beam
	 * @param maxActive most hypotheses kept per frame
	 * @param latticeBeam lattice pruning beam
	 */
	public record Economy(@DefaultValue("8") double beam, @DefaultValue("1500") int maxActive,
			@DefaultValue("2") double latticeBeam, @DefaultValue("0.3") double endpointSilence) {

		public DecoderSettings settings() {
			return new DecoderSettings(this.beam, this.maxActive, this.latticeBeam, this.endpointSilence);
		}

	}

	/** The built-in defaults, for use outside Spring (tests, benchmarks). */
	public static TranscriptionProperties defaults() {
		SilenceGate.Settings gate = SilenceGate.Settings.defaults();
		return new TranscriptionProperties("", true, gate.thresholdDb(), gate.hangover(), gate.preRoll(),
				Duration.ofSeconds(2), Duration.ofSeconds(60), Duration.ofMillis(200), 5, 0, new Decoder(10, 3000, 2, 0.3),
				new Economy(8, 1500, 2, 0.3), true);
	}

	public TranscriptionProperties withSilenceGate(boolean enabled) {
		return new TranscriptionProperties(this.modelPath, enabled, this.thresholdDb, this.hangover, this.preRoll,
				this.maxLag, this.maxBacklog, this.partialInterval, this.alternatives, this.workers, this.decoder,
				this.economyDecoder, this.warmUp);
	}

	public TranscriptionProperties withHangover(Duration hangover) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, hangover, this.preRoll,
				this.maxLag, this.maxBacklog, this.partialInterval, this.alternatives, this.workers, this.decoder,
				this.economyDecoder, this.warmUp);
	}

	public TranscriptionProperties withMaxLag(Duration maxLag) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, this.hangover,
				this.preRoll, maxLag, this.maxBacklog, this.partialInterval, this.alternatives, this.workers,
				this.decoder, this.economyDecoder, this.warmUp);
	}

	public TranscriptionProperties withMaxBacklog(Duration maxBacklog) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, this.hangover,
				this.preRoll, this.maxLag, maxBacklog, this.partialInterval, this.alternatives, this.workers,
				this.decoder, this.economyDecoder, this.warmUp);
	}

	public TranscriptionProperties withPartialInterval(Duration partialInterval) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, this.hangover,
				this.preRoll, this.maxLag, this.maxBacklog, partialInterval, this.alternatives, this.workers,
				this.decoder, this.economyDecoder, this.warmUp);
	}

	public TranscriptionProperties withAlternatives(int alternatives) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, this.hangover,
				this.preRoll, this.maxLag, this.maxBacklog, this.partialInterval, alternatives, this.workers,
				this.decoder, this.economyDecoder, this.warmUp);
	}

	public TranscriptionProperties withWorkers(int workers) {
		return new TranscriptionProperties(this.modelPath, this.silenceGate, this.thresholdDb, this.hangover,
				this.preRoll, this.maxLag, this.maxBacklog, this.partialInterval, this.alternatives, workers,
				this.decoder, this.economyDecoder, this.warmUp);
	}

	/** Recognition threads: as configured, else one per processor. */
	public int workerThreads() {
		return (this.workers > 0) ? this.workers : Runtime.getRuntime().availableProcessors();
	}

	/** The gate settings these properties describe. */
	public SilenceGate.Settings gate() {
		SilenceGate.Settings defaults = SilenceGate.Settings.defaults();
		return new SilenceGate.Settings(this.thresholdDb, defaults.minimumFloorDbfs(), defaults.onset(), this.hangover,
				this.preRoll, defaults.floorWindow());
	}

}
