package com.talkhint.hint;

/**
 * Sentence vectors held in half the memory: each float as an IEEE 754 half (binary16: 11 significant bits, rounded to
 * nearest even). The example table is the meaning path's largest object (26,000 rows of 384 floats: 40 MB as floats,
 * 20 MB as halves; its projections stay floats, {@link Subspace.Projection}). A component keeps a relative error
 * under 2^-11, which moves the cosine of two unit vectors by a few 1e-5 ({@code HalfTests}), far below the margins
 * the head decides on (docs/hints.md: "Half the memory for the example table"). Components of unit vectors are never
 * large; those under 2^-14 (6e-5) are held as +-2^-15, so that reading a half back is five integer operations and
 * no branch.
 */
final class Half {

	private Half() {
	}

	/** The largest magnitude held: 65504. */
	private static final int MAX_BITS = 0x477fe000;

	/** 2^-14, the smallest normal half. */
	private static final int MIN_NORMAL_BITS = 0x38800000;

	/** The exponent bias of a float (127) less that of a half (15), in place. */
	private static final int REBIAS = 0x38000000;

	/** {@code f} rounded to the nearest half (ties to even). */
	static short of(float f) {
		int bits = Float.floatToRawIntBits(f);
		int sign = (bits >>> 16) & 0x8000;
		int magnitude = bits & 0x7fffffff;
		if (magnitude > MAX_BITS) {
			throw new IllegalArgumentException(f + " is not a sentence vector component (a half holds up to 65504)");
		}
		magnitude += 0xfff + ((magnitude >>> 13) & 1);
		if (magnitude < MIN_NORMAL_BITS) {
			return (short) sign;
		}
		return (short) (sign | ((magnitude - REBIAS) >>> 13));
	}

	/** The {@code n} floats of {@code v} from {@code from}, rounded. */
	static short[] of(float[] v, int from, int n) {
		short[] out = new short[n];
		for (int i = 0; i < n; i++) {
			out[i] = of(v[from + i]);
		}
		return out;
	}

	static short[] of(float[] v) {
		return of(v, 0, v.length);
	}

	static float value(short h) {
		return Float.intBitsToFloat(((h & 0x8000) << 16) | (((h & 0x7fff) << 13) + REBIAS));
	}

	/** The {@code n} values of {@code h} from {@code from} as floats. */
	static float[] values(short[] h, int from, int n) {
		float[] out = new float[n];
		for (int i = 0; i < n; i++) {
			out[i] = value(h[from + i]);
		}
		return out;
	}

	/**
	 * The dot product of the {@code n} values of {@code a} from {@code from} and the {@code n} floats of {@code b} from
	 * {@code at}: the cosine when both are unit vectors. Eight running sums, as {@link MeaningClassifier#cosine}.
	 */
	static double dot(short[] a, int from, float[] b, int at, int n) {
		float s0 = 0;
		float s1 = 0;
		float s2 = 0;
		float s3 = 0;
		float s4 = 0;
		float s5 = 0;
		float s6 = 0;
		float s7 = 0;
		int i = 0;
		for (; i + 7 < n; i += 8) {
			int f = from + i;
			int g = at + i;
			s0 += value(a[f]) * b[g];
			s1 += value(a[f + 1]) * b[g + 1];
			s2 += value(a[f + 2]) * b[g + 2];
			s3 += value(a[f + 3]) * b[g + 3];
			s4 += value(a[f + 4]) * b[g + 4];
			s5 += value(a[f + 5]) * b[g + 5];
			s6 += value(a[f + 6]) * b[g + 6];
			s7 += value(a[f + 7]) * b[g + 7];
		}
		for (; i < n; i++) {
			s0 += value(a[from + i]) * b[at + i];
		}
		return (double) (s0 + s4) + (s1 + s5) + (s2 + s6) + (s3 + s7);
	}

}
