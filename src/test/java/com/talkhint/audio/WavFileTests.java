package com.talkhint.audio;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WavFileTests {

	private static final Path DEV = Path.of(System.getProperty("talkhint.shared.dir", "../shared"), "audio", "dev");

	@Test
	void readsADevClipWithItsFiftyEightByteHeader() throws IOException {
		WavFile wav = WavFile.read(DEV.resolve("cmu_goforward.ulaw.wav"));

		// 22348 bytes − 58 header bytes = 22290 µ-law samples.
		assertThat(wav.sampleRate()).isEqualTo(8000);
		assertThat(wav.channels()).isEqualTo(1);
		assertThat(wav.samples()).hasSize(22290);
		assertThat(wav.durationMs()).isEqualTo(2786);
	}

	@Test
	void mixesStereoPcmToMonoAndConvertsTheRate() throws IOException {
		short[] left = Tones.sine(1000, 16000, 16000, 8000);
		byte[] stereo = new byte[left.length * 4];
		ByteBuffer samples = ByteBuffer.wrap(stereo).order(ByteOrder.LITTLE_ENDIAN);
		for (short sample : left) {
			samples.putShort(sample).putShort((short) 0); // right channel silent
		}
		WavFile wav = WavFile.parse(wav(1, 2, 16000, 16, stereo, true));

		assertThat(wav.channels()).isEqualTo(2);
		assertThat(Tones.amplitude(wav.samples(), 1000, 15000, 1000, 16000)).isCloseTo(4000, org.assertj.core.data.Offset.offset(20.0));
		short[] at8k = wav.samplesAt(8000);
		assertThat(at8k).hasSize(8000);
		assertThat(Tones.amplitude(at8k, 500, 7500, 1000, 8000)).isCloseTo(4000, org.assertj.core.data.Offset.offset(40.0));
	}

	@Test
	void readsEightBitUnsignedAndFloat() throws IOException {
		assertThat(WavFile.parse(wav(1, 1, 8000, 8, new byte[] { (byte) 128, (byte) 255, 0 }, false)).samples())
			.containsExactly(0, 127 << 8, -32768);
		byte[] floats = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(0.5f).putFloat(-1f).array();
		assertThat(WavFile.parse(wav(3, 1, 8000, 32, floats, false)).samples()).containsExactly(16384, -32768);
	}

	@Test
	void rejectsWhatItCannotReadWithAReason() {
		assertThatExceptionOfType(WavFile.WavFormatException.class)
			.isThrownBy(() -> WavFile.parse("ID3 this is an mp3".getBytes()))
			.withMessage("not a RIFF/WAVE file");
		assertThatExceptionOfType(WavFile.WavFormatException.class)
			.isThrownBy(() -> WavFile.parse(wav(0x55, 1, 8000, 0, new byte[10], false)))
			.withMessageContaining("format tag 0x0055");
		assertThatExceptionOfType(WavFile.WavFormatException.class)
			.isThrownBy(() -> WavFile.read(DEV.resolve("transcripts.tsv")))
			.withMessageContaining("transcripts.tsv");
	}

	/** Builds a WAV, optionally with a LIST chunk before {@code data} to prove chunks are walked. */
	private static byte[] wav(int tag, int channels, int rate, int bits, byte[] data, boolean extraChunk) {
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		ByteBuffer fmt = ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN);
		int blockAlign = Math.max(1, channels * bits / 8);
		fmt.putShort((short) tag).putShort((short) channels).putInt(rate).putInt(rate * blockAlign)
			.putShort((short) blockAlign).putShort((short) bits);
		out.writeBytes("WAVE".getBytes());
		chunk(out, "fmt ", fmt.array());
		if (extraChunk) {
			chunk(out, "LIST", "odd".getBytes()); // odd size: tests the pad byte
		}
		chunk(out, "data", data);
		ByteBuffer riff = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
		riff.put("RIFF".getBytes()).putInt(out.size());
		ByteArrayOutputStream file = new ByteArrayOutputStream();
		file.writeBytes(riff.array());
		file.writeBytes(out.toByteArray());
		return file.toByteArray();
	}

	private static void chunk(ByteArrayOutputStream out, String id, byte[] body) {
		out.writeBytes(id.getBytes());
		out.writeBytes(ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(body.length).array());
		out.writeBytes(body);
		if ((body.length & 1) == 1) {
			out.write(0);
		}
	}

}
