package com.talkhint.audio;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MuLawTests {

	@Test
	void decodesKnownG711Values() {
		assertThat(MuLaw.decode((byte) 0xFF)).isEqualTo((short) 0);
		assertThat(MuLaw.decode((byte) 0x7F)).isEqualTo((short) 0);
		assertThat(MuLaw.decode((byte) 0x00)).isEqualTo((short) -32124);
		assertThat(MuLaw.decode((byte) 0x80)).isEqualTo((short) 32124);
		assertThat(MuLaw.decode((byte) 0xFE)).isEqualTo((short) 8);
		assertThat(MuLaw.decode((byte) 0x7E)).isEqualTo((short) -8);
	}

	@Test
	void everyCodeSurvivesARoundTrip() {
		for (int code = 0; code < 256; code++) {
			byte ulaw = (byte) code;
			short linear = MuLaw.decode(ulaw);
			// 0x7F (negative zero) encodes back as 0xFF (positive zero); every other code is exact.
			byte expected = (code == 0x7F) ? (byte) 0xFF : ulaw;
			assertThat(MuLaw.encode(linear)).as("code 0x%02X", code).isEqualTo(expected);
		}
	}

	@Test
	void encodingQuantisesWithinTheSegmentStep() {
		for (int sample = -32000; sample <= 32000; sample += 97) {
			short decoded = MuLaw.decode(MuLaw.encode((short) sample));
			int step = Math.max(8, Math.abs(sample) / 16); // µ-law steps grow with the magnitude
			assertThat(Math.abs(decoded - sample)).as("sample %d", sample).isLessThanOrEqualTo(step);
		}
	}

}
