package com.talkhint.audio;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A RIFF/WAVE file read into memory as mono 16-bit PCM: µ-law, A-law, 8/16/24/32-bit PCM or 32/64-bit float,
 * any rate, any channel count (mixed down). Chunks are parsed, so headers of any length work (the dev clips
 * have 58-byte headers with a {@code fact} chunk).
 *
 * @param sampleRate samples per second of {@code samples}
 * @param channels channel count in the file (the samples are already mixed to mono)
 * @param samples mono 16-bit linear PCM
 */
public record WavFile(int sampleRate, int channels, short[] samples) {

	private static final int FORMAT_PCM = 0x0001;

	private static final int FORMAT_FLOAT = 0x0003;

	private static final int FORMAT_ALAW = 0x0006;

	private static final int FORMAT_MULAW = 0x0007;

	private static final int FORMAT_EXTENSIBLE = 0xFFFE;

	/** Reads a file; a clear {@link IOException} names what is wrong with one that is not a usable WAV. */
	public static WavFile read(Path path) throws IOException {
		try {
			return parse(Files.readAllBytes(path));
		}
		catch (WavFormatException ex) {
			throw new WavFormatException(path + ": " + ex.getMessage());
		}
	}

	/** Reads a whole stream (it is not closed). */
	public static WavFile read(InputStream in) throws IOException {
		return parse(in.readAllBytes());
	}

	/** Parses the bytes of a WAV file. */
	public static WavFile parse(byte[] bytes) throws WavFormatException {
		ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
		if (bytes.length < 12 || !"RIFF".equals(fourCc(buffer, 0)) || !"WAVE".equals(fourCc(buffer, 8))) {
			String start = (bytes.length >= 4) ? fourCc(buffer, 0) : "";
			throw new WavFormatException("not a RIFF/WAVE file"
					+ ("RF64".equals(start) ? " (RF64 is not supported: save it as a plain WAV)" : ""));
		}
		Format format = null;
		int position = 12;
		while (position + 8 <= bytes.length) {
			String id = fourCc(buffer, position);
			long size = buffer.getInt(position + 4) & 0xFFFFFFFFL;
			int body = position + 8;
			if ("fmt ".equals(id)) {
				format = readFormat(buffer, body, (int) Math.min(size, bytes.length - body));
			}
			else if ("data".equals(id)) {
				if (format == null) {
					throw new WavFormatException("the data chunk comes before the fmt chunk");
				}
				// Writers that stream (or crash) leave the size at 0 or 0xFFFFFFFF: take what is there.
				long available = bytes.length - body;
				int length = (int) ((size == 0 || size > available) ? available : size);
				return new WavFile(format.sampleRate(), format.channels(), decode(format, buffer, body, length));
			}
			position = (int) Math.min((long) body + size + (size & 1), bytes.length);
		}
		throw new WavFormatException((format == null) ? "no fmt chunk" : "no data chunk");
	}

	/** Length of the audio in milliseconds. */
	public long durationMs() {
		return this.samples.length * 1000L / this.sampleRate;
	}

	/** The samples converted to {@code rate} (the samples themselves when the rate already matches). */
	public short[] samplesAt(int rate) {
		return (rate == this.sampleRate) ? this.samples : Resampler.resample(this.samples, this.sampleRate, rate);
	}

	private static Format readFormat(ByteBuffer buffer, int offset, int size) throws WavFormatException {
		if (size < 16) {
			throw new WavFormatException("fmt chunk too short (" + size + " bytes)");
		}
		int tag = buffer.getShort(offset) & 0xFFFF;
		int channels = buffer.getShort(offset + 2) & 0xFFFF;
		int sampleRate = buffer.getInt(offset + 4);
		int blockAlign = buffer.getShort(offset + 12) & 0xFFFF;
		int bits = buffer.getShort(offset + 14) & 0xFFFF;
		if (tag == FORMAT_EXTENSIBLE && size >= 26) {
			// The real format is the first two bytes of the SubFormat GUID.
			tag = buffer.getShort(offset + 24) & 0xFFFF;
		}
		if (channels < 1 || sampleRate < 1 || blockAlign < 1) {
			throw new WavFormatException("invalid fmt chunk: " + channels + " channel(s), " + sampleRate + " Hz, block "
					+ blockAlign);
		}
		boolean supported = switch (tag) {
			case FORMAT_PCM -> bits == 8 || bits == 16 || bits == 24 || bits == 32;
			case FORMAT_FLOAT -> bits == 32 || bits == 64;
			case FORMAT_ALAW, FORMAT_MULAW -> bits == 8;
			default -> false;
		};
		if (!supported) {
			throw new WavFormatException(String.format("unsupported WAV encoding (format tag 0x%04X, %d bits): "
					+ "use PCM, float, µ-law or A-law", tag, bits));
		}
		if (blockAlign < channels * (bits / 8)) {
			throw new WavFormatException("block align " + blockAlign + " too small for " + channels + " × " + bits
					+ " bits");
		}
		return new Format(tag, channels, sampleRate, blockAlign, bits);
	}

	private static short[] decode(Format format, ByteBuffer buffer, int offset, int length) {
		int frames = length / format.blockAlign();
		int bytesPerSample = format.bits() / 8;
		short[] mono = new short[frames];
		for (int frame = 0; frame < frames; frame++) {
			int start = offset + frame * format.blockAlign();
			long sum = 0;
			for (int channel = 0; channel < format.channels(); channel++) {
				sum += sample(format, buffer, start + channel * bytesPerSample);
			}
			mono[frame] = (short) (sum / format.channels());
		}
		return mono;
	}

	private static int sample(Format format, ByteBuffer buffer, int at) {
		return switch (format.tag()) {
			case FORMAT_MULAW -> MuLaw.decode(buffer.get(at));
			case FORMAT_ALAW -> aLaw(buffer.get(at));
			case FORMAT_FLOAT -> {
				double value = (format.bits() == 32) ? buffer.getFloat(at) : buffer.getDouble(at);
				yield (int) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(value * 32768)));
			}
			default -> switch (format.bits()) {
				case 8 -> ((buffer.get(at) & 0xFF) - 128) << 8; // 8-bit WAV is unsigned
				case 16 -> buffer.getShort(at);
				case 24 -> buffer.getShort(at + 1); // the top two bytes of a little-endian 24-bit sample
				default -> buffer.getShort(at + 2);
			};
		};
	}

	/** ITU-T G.711 A-law to 16-bit linear. */
	private static int aLaw(byte value) {
		int a = (value ^ 0x55) & 0xFF;
		int exponent = (a >> 4) & 0x07;
		int mantissa = a & 0x0F;
		int magnitude = (exponent == 0) ? (mantissa << 4) + 8 : ((mantissa << 4) + 0x108) << (exponent - 1);
		return ((a & 0x80) != 0) ? magnitude : -magnitude;
	}

	private static String fourCc(ByteBuffer buffer, int at) {
		byte[] id = new byte[4];
		for (int i = 0; i < 4 && at + i < buffer.limit(); i++) {
			id[i] = buffer.get(at + i);
		}
		return new String(id, java.nio.charset.StandardCharsets.US_ASCII);
	}

	@Override
	public boolean equals(Object other) {
		return other instanceof WavFile that && this.sampleRate == that.sampleRate && this.channels == that.channels
				&& java.util.Arrays.equals(this.samples, that.samples);
	}

	@Override
	public int hashCode() {
		return 31 * (31 * this.sampleRate + this.channels) + java.util.Arrays.hashCode(this.samples);
	}

	@Override
	public String toString() {
		return "WavFile[" + this.sampleRate + " Hz, " + this.channels + " ch, " + durationMs() + " ms]";
	}

	private record Format(int tag, int channels, int sampleRate, int blockAlign, int bits) {
	}

	/** A file that is not a WAV TalkHint can read; the message says why. */
	public static final class WavFormatException extends IOException {

		public WavFormatException(String message) {
			super(message);
		}

	}

}
