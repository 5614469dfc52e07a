package com.talkhint.audio;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.function.Consumer;

/**
 * Energy-based voice activity gate that spares the recogniser long silences without clipping words: it
 * holds back a pre-roll while closed (released when speech starts, so the onset reaches the recogniser),
 * and keeps passing audio for a hangover after the last voiced frame (so word endings do too). Closing
 * marks the end of an utterance, which the transcriber uses to ask for a final result at once instead of
 * waiting for the recogniser's own, slower endpointing.
 *
 * <p>A frame is voiced when its energy is {@link Settings#thresholdDb()} above the noise floor, taken as the
 * quietest frame of the last {@link Settings#floorWindow()} (minimum statistics: follows line noise that
 * changes slowly, and cannot be dragged up by speech, which always has near-silent frames between words).
 *
 * <p>Not thread-safe: one instance per track. {@code T} is whatever travels with a frame (its audio).
 *
 * @param <T> the frame payload passed on to the consumer
 */
public final class SilenceGate<T> {

	/** Full scale for 16-bit PCM, squared: energies are expressed relative to it (dBFS). */
	private static final double FULL_SCALE_SQUARED = 32768.0 * 32768.0;

	/**
	 * Tunables.
	 * @param thresholdDb how far above the noise floor a frame must be to count as voiced
	 * @param minimumFloorDbfs lowest noise floor assumed (digital silence would otherwise make any sound
	 * "speech")
	 * @param onset consecutive voiced audio needed to open (filters clicks)
	 * @param hangover unvoiced audio after which the gate closes and the utterance ends
	 * @param preRoll audio before the onset released when the gate opens
	 * @param floorWindow how far back the noise floor looks
	 */
	public record Settings(double thresholdDb, double minimumFloorDbfs, Duration onset, Duration hangover,
			Duration preRoll, Duration floorWindow) {

		/**
		 * Tuned on the dev clips and scenarios (see docs/benchmarks.md). The hangover (also the default of
		 * {@code talkhint.transcription.hangover}) is 300 ms: every final comes that much after the last voiced
		 * frame. 250 ms took 55 ms off the final p95 under load (docs/load.md) but split more sentences at commas,
		 * and the halves fired hints: precision on recognised speech fell under HintAudioEvaluationTests' floor in
		 * CI. 200 ms split more.
		 */
		public static Settings defaults() {
			return new Settings(12, -80, Duration.ofMillis(40), Duration.ofMillis(300), Duration.ofMillis(300),
					Duration.ofSeconds(4));
		}

		public Settings withHangover(Duration hangover) {
			return new Settings(this.thresholdDb, this.minimumFloorDbfs, this.onset, hangover, this.preRoll,
					this.floorWindow);
		}

	}

	/** What a frame did to the gate. */
	public enum Transition {

		/** Nothing changed. */
		NONE,
		/** Speech started: the pre-roll and this frame were passed on. */
		OPENED,
		/** The hangover ran out: the utterance is over, this frame was held back. */
		CLOSED

	}

	/** Number of blocks the floor window is split into: the floor is the minimum of the block minima. */
	private static final int FLOOR_BLOCKS = 8;

	private final Settings settings;

	private final double thresholdRatio;

	private final double minimumFloor;

	private final ArrayDeque<Held<T>> preRoll = new ArrayDeque<>();

	private long preRollMs;

	private final double[] blockMinimum = new double[FLOOR_BLOCKS];

	private final long blockMs;

	private int block;

	private long blockFilledMs;

	private boolean open;

	private long voicedRunMs;

	private long silentRunMs;

	private boolean lastVoiced;

	private long totalMs;

	public SilenceGate(Settings settings) {
		this.settings = settings;
		this.thresholdRatio = Math.pow(10, settings.thresholdDb() / 10);
		this.minimumFloor = FULL_SCALE_SQUARED * Math.pow(10, settings.minimumFloorDbfs() / 10);
		this.blockMs = Math.max(20, settings.floorWindow().toMillis() / FLOOR_BLOCKS);
		java.util.Arrays.fill(this.blockMinimum, Double.MAX_VALUE);
	}

	/** Mean of the squared samples: the frame energy the gate compares. */
	public static double meanSquare(short[] pcm) {
		if (pcm.length == 0) {
			return 0;
		}
		double sum = 0;
		for (short sample : pcm) {
			sum += (double) sample * sample;
		}
		return sum / pcm.length;
	}

	/**
	 * Classifies one frame and passes on what the recogniser should hear.
	 * @param frame the payload
	 * @param meanSquare the frame's energy ({@link #meanSquare(short[])} of its 8 kHz samples)
	 * @param durationMs the frame's length
	 * @param out receives the frames to recognise, in order
	 */
	public Transition offer(T frame, double meanSquare, long durationMs, Consumer<? super T> out) {
		boolean voiced = meanSquare > threshold();
		trackFloor(meanSquare, durationMs);
		this.lastVoiced = voiced;
		if (this.open) {
			this.silentRunMs = voiced ? 0 : this.silentRunMs + durationMs;
			if (this.silentRunMs > this.settings.hangover().toMillis()) {
				this.open = false;
				this.voicedRunMs = 0;
				hold(frame, durationMs);
				return Transition.CLOSED;
			}
			out.accept(frame);
			return Transition.NONE;
		}
		this.voicedRunMs = voiced ? this.voicedRunMs + durationMs : 0;
		hold(frame, durationMs);
		if (this.voicedRunMs < this.settings.onset().toMillis()) {
			return Transition.NONE;
		}
		this.open = true;
		this.silentRunMs = 0;
		while (!this.preRoll.isEmpty()) {
			out.accept(this.preRoll.pollFirst().frame());
		}
		this.preRollMs = 0;
		return Transition.OPENED;
	}

	/**
	 * Closes the gate at once (the transcriber is behind real time and the caller is about to force a
	 * final): later audio starts a new utterance with a fresh onset.
	 */
	public void reset() {
		this.open = false;
		this.voicedRunMs = 0;
		this.silentRunMs = 0;
		this.preRoll.clear();
		this.preRollMs = 0;
	}

	public boolean isOpen() {
		return this.open;
	}

	/** Whether the last frame offered was above the threshold. */
	public boolean lastFrameVoiced() {
		return this.lastVoiced;
	}

	/** Energy above which a frame counts as voiced, as a mean square. */
	public double threshold() {
		return noiseFloor() * this.thresholdRatio;
	}

	/** The current noise floor estimate in dBFS. */
	public double noiseFloorDbfs() {
		return 10 * Math.log10(noiseFloor() / FULL_SCALE_SQUARED);
	}

	private double noiseFloor() {
		if (this.totalMs < this.blockMs) {
			// Too early to know the line: a stream that starts with speech would take the speech for the
			// floor. Assume the quietest plausible line until a block of audio (with its gaps) has passed.
			return this.minimumFloor;
		}
		double floor = Double.MAX_VALUE;
		for (double minimum : this.blockMinimum) {
			floor = Math.min(floor, minimum);
		}
		return (floor == Double.MAX_VALUE) ? this.minimumFloor : Math.max(floor, this.minimumFloor);
	}

	private void trackFloor(double meanSquare, long durationMs) {
		if (this.blockFilledMs >= this.blockMs) {
			this.block = (this.block + 1) % FLOOR_BLOCKS;
			this.blockMinimum[this.block] = Double.MAX_VALUE;
			this.blockFilledMs = 0;
		}
		this.blockMinimum[this.block] = Math.min(this.blockMinimum[this.block], meanSquare);
		this.blockFilledMs += durationMs;
		this.totalMs += durationMs;
	}

	private void hold(T frame, long durationMs) {
		this.preRoll.addLast(new Held<>(frame, durationMs));
		this.preRollMs += durationMs;
		long limit = this.settings.preRoll().toMillis() + this.settings.onset().toMillis();
		while (this.preRollMs - this.preRoll.peekFirst().durationMs() >= limit) {
			this.preRollMs -= this.preRoll.pollFirst().durationMs();
		}
	}

	private record Held<T>(T frame, long durationMs) {
	}

}
