package com.talkhint.simulator;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

import com.talkhint.audio.MuLaw;
import com.talkhint.audio.WavFile;
import com.talkhint.testing.SharedAudio;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Replay files: WAV of any rate and channel count becomes 8 kHz µ-law; bad files get clear errors. */
class CallAudioFilesTests {

	@TempDir
	Path dir;

	@Test
	void aStereo16kHzWavBecomes8kHzMuLawWithTheSameSound() throws IOException {
		Path wav = this.dir.resolve("customer.wav");
		Files.write(wav, stereoPcmWav(16000, 1000.0, 1.0));
		Path agent = this.dir.resolve("agent.ulaw");
		Files.write(agent, new byte[4000]); // 0.5 s

		CallAudio audio = CallAudioFiles.load(agent, wav);

		assertThat(audio.durationMs()).isEqualTo(1000); // the longer side
		assertThat(audio.frameCount()).isEqualTo(50);
		short[] pcm = new short[8000];
		for (int frame = 0; frame < 50; frame++) {
			System.arraycopy(MuLaw.decode(audio.customerFrame(frame)), 0, pcm, frame * 160, 160);
		}
		// A 1 kHz tone crosses zero 2000 times a second, whatever the sample rate.
		int crossings = 0;
		for (int i = 1; i < pcm.length; i++) {
			if ((pcm[i - 1] < 0) != (pcm[i] < 0)) {
				crossings++;
			}
		}
		assertThat(crossings).isBetween(1980, 2020);
		assertThat(audio.agentFrame(40)).containsOnly(CallAudio.SILENCE); // padded past its 0.5 s
	}

	@Test
	void aMuLawDevClipKeepsItsLength() throws IOException {
		Path clip = SharedAudio.dir().resolve("dev").resolve("jfk_ask_not.ulaw.wav");

		CallAudio audio = CallAudioFiles.load(clip, clip);

		assertThat(audio.durationMs()).isEqualTo(WavFile.read(clip).durationMs());
		assertThat(audio.label()).isEqualTo("replay jfk_ask_not.ulaw.wav + jfk_ask_not.ulaw.wav");
	}

	@Test
	void anUnsupportedOrMissingFileIsAClearError() throws IOException {
		Path mp3 = Files.write(this.dir.resolve("call.mp3"), new byte[] { 1, 2, 3 });
		Path fakeWav = Files.write(this.dir.resolve("call.wav"), "not a wav".getBytes());

		assertThatIllegalArgumentException().isThrownBy(() -> CallAudioFiles.load(mp3, mp3))
			.withMessageContaining("Unsupported replay audio")
			.withMessageContaining("call.mp3");
		assertThatIllegalArgumentException().isThrownBy(() -> CallAudioFiles.load(fakeWav, fakeWav))
			.withMessageContaining("not a RIFF/WAVE file");
		assertThatIllegalArgumentException()
			.isThrownBy(() -> CallAudioFiles.load(this.dir.resolve("nope.ulaw"), mp3))
			.withMessageContaining("not found");
	}

	/** A 16-bit PCM stereo WAV of a sine tone on both channels. */
	private static byte[] stereoPcmWav(int rate, double hz, double seconds) {
		int frames = (int) (rate * seconds);
		ByteBuffer data = ByteBuffer.allocate(frames * 4).order(ByteOrder.LITTLE_ENDIAN);
		for (int i = 0; i < frames; i++) {
			short sample = (short) (8000 * Math.sin(2 * Math.PI * hz * i / rate));
			data.putShort(sample).putShort(sample);
		}
		ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
		header.put("RIFF".getBytes()).putInt(36 + data.capacity()).put("WAVE".getBytes());
		header.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 2).putInt(rate)
			.putInt(rate * 4).putShort((short) 4).putShort((short) 16);
		header.put("data".getBytes()).putInt(data.capacity());
		ByteArrayOutputStream out = new ByteArrayOutputStream();
		out.writeBytes(header.array());
		out.writeBytes(data.array());
		return out.toByteArray();
	}

}
