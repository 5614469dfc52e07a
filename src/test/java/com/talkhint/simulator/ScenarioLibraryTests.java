package com.talkhint.simulator;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** The shipped scenarios: listed with their length, framed in 160-byte frames, unknown ids named. */
class ScenarioLibraryTests {

	private final ScenarioLibrary catalog = ScenarioLibrary.load();

	@Test
	void listsTheShippedScenariosWithTheirLengthDefaultFirst() {
		// discovery: 339632 µ-law bytes at 8 bytes/ms; support: 252600; renewal: 731280; onboarding: 725600.
		assertThat(this.catalog.list()).extracting(ScenarioInfo::id, ScenarioInfo::durationMs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("discovery", 42454L),
					org.assertj.core.groups.Tuple.tuple("support", 31575L),
					org.assertj.core.groups.Tuple.tuple("renewal", 91410L),
					org.assertj.core.groups.Tuple.tuple("onboarding", 90700L));
		assertThat(this.catalog.list()).allSatisfy((info) -> assertThat(info.title()).isNotBlank());
	}

	@Test
	void framesAre160BytesAndTheLastOneIsPaddedWithSilence() {
		CallAudio audio = this.catalog.audio("support");

		assertThat(audio.frameCount()).isEqualTo(1579); // ceil(252600 / 160)
		assertThat(audio.agentFrame(0)).hasSize(160);
		byte[] last = audio.customerFrame(1578); // 252600 - 1578 * 160 = 120 bytes of audio, then silence
		assertThat(last).hasSize(160);
		for (int i = 120; i < 160; i++) {
			assertThat(last[i]).isEqualTo(CallAudio.SILENCE);
		}
	}

	@Test
	void anUnknownScenarioNamesTheAvailableOnes() {
		assertThatIllegalArgumentException().isThrownBy(() -> this.catalog.audio("sales"))
			.withMessage("Unknown scenario 'sales'; available: discovery, support, renewal, onboarding");
	}

	@Test
	void theShorterSideIsPaddedToTheLongerOne() {
		CallAudio audio = new CallAudio("t", new byte[320], new byte[100]);

		assertThat(audio.durationMs()).isEqualTo(40);
		assertThat(audio.customerFrame(0)[99]).isEqualTo((byte) 0);
		assertThat(audio.customerFrame(0)[100]).isEqualTo(CallAudio.SILENCE);
	}

}
