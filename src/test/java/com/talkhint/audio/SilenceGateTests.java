package com.talkhint.audio;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SilenceGateTests {

	private static final SilenceGate.Settings SETTINGS = new SilenceGate.Settings(12, -80, Duration.ofMillis(40),
			Duration.ofMillis(300), Duration.ofMillis(200), Duration.ofSeconds(2));

	private final Random random = new Random(7);

	private final SilenceGate<Integer> gate = new SilenceGate<>(SETTINGS);

	private final List<Integer> passed = new ArrayList<>();

	private int frame;

	@Test
	void passesNothingWhileTheLineIsQuietOnceItHasHeardTheLine() {
		// Before a floor block (250 ms) has been heard, anything above −68 dBFS counts as speech, so that
		// speech at the very start of a stream is not taken for the floor; then the gate learns the line.
		offer(100, noise());
		this.passed.clear();

		assertThat(offer(100, noise())).containsOnly(SilenceGate.Transition.NONE);
		assertThat(this.passed).isEmpty();
		assertThat(this.gate.noiseFloorDbfs()).isBetween(-70.0, -56.0);
	}

	@Test
	void opensWithThePreRollSoTheFirstWordIsNotClipped() {
		offer(100, noise()); // frames 0..99
		this.passed.clear();
		List<SilenceGate.Transition> onset = offer(2, speech()); // frames 100, 101

		assertThat(onset).containsExactly(SilenceGate.Transition.NONE, SilenceGate.Transition.OPENED);
		// 200 ms of pre-roll (10 frames) before the 40 ms onset, then the onset itself, in order.
		assertThat(this.passed).containsExactly(90, 91, 92, 93, 94, 95, 96, 97, 98, 99, 100, 101);
	}

	@Test
	void staysOpenThroughPausesShorterThanTheHangoverAndClosesAfterIt() {
		offer(100, noise());
		offer(20, speech());
		assertThat(offer(10, noise())).containsOnly(SilenceGate.Transition.NONE); // 200 ms gap < 300 ms
		offer(20, speech());
		List<SilenceGate.Transition> pause = offer(20, noise());

		// Frames 1..15 of the pause (300 ms) still pass: the ends of words; the 16th closes the gate.
		assertThat(pause.indexOf(SilenceGate.Transition.CLOSED)).isEqualTo(15);
		assertThat(this.gate.isOpen()).isFalse();
		assertThat(this.passed).last().isEqualTo(100 + 20 + 10 + 20 + 14);
	}

	@Test
	void speechAtTheVeryStartOfAStreamOpensTheGate() {
		assertThat(offer(2, speech())).containsExactly(SilenceGate.Transition.NONE, SilenceGate.Transition.OPENED);
		assertThat(this.passed).containsExactly(0, 1);
	}

	@Test
	void aLouderLineRaisesTheFloorSoItsNoiseDoesNotKeepTheGateOpen() {
		offer(100, noise());
		double quietFloor = this.gate.noiseFloorDbfs();
		offer(200, () -> noiseAt(1500)); // the line gets 30 dB noisier for 4 s
		assertThat(this.gate.noiseFloorDbfs()).isGreaterThan(quietFloor + 20);
		assertThat(this.gate.isOpen()).isFalse();
	}

	private List<SilenceGate.Transition> offer(int frames, java.util.function.Supplier<short[]> source) {
		List<SilenceGate.Transition> transitions = new ArrayList<>();
		for (int i = 0; i < frames; i++) {
			short[] pcm = source.get();
			transitions.add(this.gate.offer(this.frame++, SilenceGate.meanSquare(pcm), 20, this.passed::add));
		}
		return transitions;
	}

	private java.util.function.Supplier<short[]> noise() {
		return () -> noiseAt(50); // ≈ −56 dBFS RMS, like a quiet phone line
	}

	private short[] noiseAt(double rms) {
		short[] pcm = new short[160];
		for (int i = 0; i < pcm.length; i++) {
			pcm[i] = (short) Math.round(this.random.nextGaussian() * rms);
		}
		return pcm;
	}

	private java.util.function.Supplier<short[]> speech() {
		return () -> Tones.sine(300, 8000, 160, 6000); // ≈ −18 dBFS
	}

}
