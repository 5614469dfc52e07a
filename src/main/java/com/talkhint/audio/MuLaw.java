package com.talkhint.audio;

/**
 * ITU-T G.711 µ-law codec. Twilio Media Streams carry {@code audio/x-mulaw}, 8000 Hz, mono: one byte per
 * sample, so 8000 Hz × 20 ms = 160 µ-law bytes = 160 PCM16 samples (320 bytes) per media message.
 */
public final class MuLaw {

	/** Bias added before encoding (G.711: 0x84 = 132). */
	private static final int BIAS = 0x84;

	/** Largest magnitude the encoder accepts before clipping (G.711: 32635). */
	private static final int CLIP = 32635;

	private static final short[] DECODE = new short[256];

	static {
		for (int i = 0; i < 256; i++) {
			DECODE[i] = decodeSlow((byte) i);
		}
	}

	private MuLaw() {
	}

	/** Decodes one µ-law byte to a 16-bit linear sample (table lookup). */
	public static short decode(byte ulaw) {
		return DECODE[ulaw & 0xFF];
	}

	/** Decodes a whole payload. */
	public static short[] decode(byte[] ulaw) {
		short[] pcm = new short[ulaw.length];
		for (int i = 0; i < ulaw.length; i++) {
			pcm[i] = DECODE[ulaw[i] & 0xFF];
		}
		return pcm;
	}

	/** Encodes one 16-bit linear sample to µ-law. */
	public static byte encode(short sample) {
		int pcm = sample;
		int sign = (pcm >> 8) & 0x80;
		if (sign != 0) {
			pcm = -pcm;
		}
		if (pcm > CLIP) {
			pcm = CLIP;
		}
		pcm += BIAS;
		int exponent = 7;
		for (int mask = 0x4000; (pcm & mask) == 0 && exponent > 0; mask >>= 1) {
			exponent--;
		}
		int mantissa = (pcm >> (exponent + 3)) & 0x0F;
		return (byte) ~(sign | (exponent << 4) | mantissa);
	}

	/** Encodes a whole buffer. */
	public static byte[] encode(short[] pcm) {
		byte[] out = new byte[pcm.length];
		for (int i = 0; i < pcm.length; i++) {
			out[i] = encode(pcm[i]);
		}
		return out;
	}

	private static short decodeSlow(byte ulaw) {
		int u = ~ulaw & 0xFF;
		int sign = u & 0x80;
		int exponent = (u >> 4) & 0x07;
		int mantissa = u & 0x0F;
		int magnitude = (((mantissa << 3) + BIAS) << exponent) - BIAS;
		return (short) ((sign != 0) ? -magnitude : magnitude);
	}

}
