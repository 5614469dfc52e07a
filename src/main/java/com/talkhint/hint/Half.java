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
		values(h, from, out);
		return out;
	}

	/** The {@code into.length} values of {@code h} from {@code from}, written into {@code into}. */
	static void values(short[] h, int from, float[] into) {
		for (int i = 0; i < into.length; i++) {
			into[i] = value(h[from + i]);
		}
	}

}
