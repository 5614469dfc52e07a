package com.talkhint.audio;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.within;

class ResamplerTests {

	@Test
	void oneKilohertzKeepsItsFrequencyAndAmplitudeWhenStreamedFrameByFrame() {
		short[] in = Tones.sine(1000, 8000, 8000, 10000);
		short[] out = streamInFrames(new Resampler(8000, 16000), in, 160);

		assertThat(out).hasSize(16000 - new Resampler(8000, 16000).latencyInputSamples() * 2);
		assertThat(Tones.peakHz(out, 2000, 14000, 16000, 500, 7900)).isEqualTo(1000.0);
		assertThat(Tones.amplitude(out, 2000, 14000, 1000, 16000)).isCloseTo(10000, within(50.0));
	}

	@Test
	void outputIsTimeAlignedWithInput() {
		// Output n is the input at time n/2: the even outputs must reproduce the input samples.
		short[] in = Tones.sine(1000, 8000, 4000, 10000);
		short[] out = Resampler.resample(in, 8000, 16000);

		assertThat(out).hasSize(8000);
		for (int n = 400; n < 7600; n += 2) {
			assertThat((int) out[n]).isCloseTo(in[n / 2], within(20));
		}
	}

	@Test
	void toneJustBelowNyquistIsKeptAndItsImageAboveFourKilohertzIsRemoved() {
		short[] in = Tones.sine(3900, 8000, 8000, 10000);
		short[] out = streamInFrames(new Resampler(8000, 16000), in, 160);

		double tone = Tones.amplitude(out, 2000, 14000, 3900, 16000);
		double image = Tones.amplitude(out, 2000, 14000, 4100, 16000);
		assertThat(tone).isCloseTo(10000, within(10000 * 0.06)); // within 0.5 dB
		assertThat(Tones.db(image / tone)).isLessThan(-60);
		// Nothing anywhere above 4.1 kHz either (naive sample-repetition leaves images all the way up).
		for (double hz = 4100; hz < 8000; hz += 100) {
			assertThat(Tones.db(Tones.amplitude(out, 2000, 14000, hz, 16000) / tone)).as("%s Hz", hz).isLessThan(-60);
		}
	}

	@Test
	void downsamplingRemovesWhatWouldAlias() {
		// 44.1 kHz → 8 kHz: a 1 kHz tone survives, a 6 kHz tone (it would fold to 2 kHz) disappears.
		short[] in = new short[44100];
		short[] low = Tones.sine(1000, 44100, 44100, 8000);
		short[] high = Tones.sine(6000, 44100, 44100, 8000);
		for (int i = 0; i < in.length; i++) {
			in[i] = (short) (low[i] + high[i]);
		}
		short[] out = Resampler.resample(in, 44100, 8000);

		assertThat(out).hasSize(8000);
		assertThat(Tones.amplitude(out, 1000, 7000, 1000, 8000)).isCloseTo(8000, within(80.0));
		assertThat(Tones.db(Tones.amplitude(out, 1000, 7000, 2000, 8000) / 8000)).isLessThan(-60);
	}

	@Test
	void oddRatesUseRoundedPhasesAndStayAccurate() {
		short[] in = Tones.sine(440, 44101, 44101, 8000);
		short[] out = Resampler.resample(in, 44101, 8000);

		assertThat(out).hasSize(8000);
		assertThat(Tones.peakHz(out, 1000, 7000, 8000, 100, 3900)).isEqualTo(440.0);
		assertThat(Tones.amplitude(out, 1000, 7000, 440, 8000)).isCloseTo(8000, within(80.0));
	}

	@Test
	void sameRateIsACopyAndBadRatesAreRejected() {
		short[] in = { 1, 2, 3 };
		assertThat(Resampler.resample(in, 8000, 8000)).containsExactly(1, 2, 3).isNotSameAs(in);
		assertThatIllegalArgumentException().isThrownBy(() -> new Resampler(0, 16000)).withMessageContaining("positive");
	}

	@Test
	void streamingMatchesOneShotConversion() {
		short[] in = Tones.sine(700, 8000, 3000, 12000);
		Resampler streaming = new Resampler(8000, 16000);
		List<short[]> parts = new ArrayList<>();
		for (int offset = 0; offset < in.length; offset += 137) { // odd chunk sizes on purpose
			parts.add(streaming.process(in, offset, Math.min(137, in.length - offset)));
		}
		parts.add(streaming.flush());

		assertThat(concat(parts)).containsExactly(Resampler.resample(in, 8000, 16000));
	}

	private static short[] streamInFrames(Resampler resampler, short[] in, int frame) {
		List<short[]> parts = new ArrayList<>();
		for (int offset = 0; offset < in.length; offset += frame) {
			parts.add(resampler.process(in, offset, Math.min(frame, in.length - offset)));
		}
		return concat(parts);
	}

	private static short[] concat(List<short[]> parts) {
		int length = parts.stream().mapToInt((part) -> part.length).sum();
		short[] out = new short[length];
		int at = 0;
		for (short[] part : parts) {
			System.arraycopy(part, 0, out, at, part.length);
			at += part.length;
		}
		return out;
	}

}
