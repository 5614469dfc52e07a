package com.talkhint.hint;

import java.util.Random;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class HalfTests {

	@Test
	void aValueIsRoundedToTheNearestHalf() {
		assertThat(Half.of(1.0f)).isEqualTo((short) 0x3c00);
		assertThat(Half.value((short) 0x3c00)).isEqualTo(1.0f);
		assertThat(Half.of(-2.5f)).isEqualTo((short) 0xc100);
		assertThat(Half.value(Half.of(65504f))).isEqualTo(65504f);
		// 1 + 2^-11 lies halfway between 1 and 1 + 2^-10: to the even one, 1; a hair above rounds up
		assertThat(Half.value(Half.of(1 + 0x1p-11f))).isEqualTo(1.0f);
		assertThat(Half.value(Half.of(1 + 0x1p-11f + 0x1p-20f))).isEqualTo(1 + 0x1p-10f);
		// 1 + 3 * 2^-11 lies halfway between 1 + 2^-10 (odd) and 1 + 2^-9: to the even one
		assertThat(Half.value(Half.of(1 + 3 * 0x1p-11f))).isEqualTo(1 + 0x1p-9f);
		// under 2^-14 a value is held as 2^-15 with its sign
		assertThat(Half.value(Half.of(0f))).isEqualTo(0x1p-15f);
		assertThat(Half.value(Half.of(-0x1p-20f))).isEqualTo(-0x1p-15f);
		assertThat(Half.value(Half.of(0x1p-14f))).isEqualTo(0x1p-14f);
		Random random = new Random(1);
		for (int i = 0; i < 100_000; i++) {
			float f = (float) (random.nextGaussian() * Math.pow(10, random.nextInt(8) - 5));
			float error = Math.max(Math.abs(f) * 0x1p-11f, 0x1p-14f);
			assertThat(Half.value(Half.of(f))).as("%s", f).isCloseTo(f, within(error));
		}
		assertThatThrownBy(() -> Half.of(Float.NaN)).isInstanceOf(IllegalArgumentException.class);
		assertThatThrownBy(() -> Half.of(70000f)).isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("65504");
	}

	/** Cosines of unit vectors of the model's length, one side held as halves: within 1e-4 of the float ones. */
	@Test
	void aCosineMovesByFarLessThanAnyDecisionMargin() {
		Random random = new Random(2);
		int d = 384;
		double worst = 0;
		for (int t = 0; t < 2_000; t++) {
			float[] a = unit(random, d);
			float[] b = unit(random, d);
			if (t % 2 == 0) {
				// half the pairs close together, as a sentence and its nearest example
				for (int j = 0; j < d; j++) {
					b[j] = a[j] + 0.3f * b[j];
				}
				b = unit(b);
			}
			short[] held = Half.of(a);
			double exact = Vectors.cosine(a, b);
			double rounded = Vectors.cosine(Half.values(held, 0, d), b);
			assertThat(rounded).isCloseTo(exact, within(1e-4));
			worst = Math.max(worst, Math.abs(rounded - exact));
		}
		assertThat(worst).as("the rounding does move a cosine").isGreaterThan(0);
	}

	private static float[] unit(Random random, int d) {
		float[] v = new float[d];
		for (int j = 0; j < d; j++) {
			v[j] = (float) random.nextGaussian();
		}
		return unit(v);
	}

	private static float[] unit(float[] v) {
		double norm = Math.sqrt(Vectors.cosine(v, v));
		for (int j = 0; j < v.length; j++) {
			v[j] = (float) (v[j] / norm);
		}
		return v;
	}

}
