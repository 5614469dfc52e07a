package com.talkhint.hint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Sound-alike keys and the edit-distance rule that decides what counts as a recognition error. */
class PhoneticTests {

	@Test
	void soundAlikesShareAKey() {
		assertThat(Phonetic.key("price")).isEqualTo(Phonetic.key("prize")).isEqualTo("PRS");
		assertThat(Phonetic.key("phone")).isEqualTo("FN");
		assertThat(Phonetic.key("knight")).isEqualTo("NT");
		assertThat(Phonetic.key("budget")).isEqualTo("BJT");
		assertThat(Phonetic.key("cancel")).isEqualTo("KNSL");
	}

	@Test
	void recognitionErrorsSoundLikeTheWordButLookAlikesDoNot() {
		assertThat(Phonetic.soundsLike("prize", "price")).isTrue();
		assertThat(Phonetic.soundsLike("to", "too")).isTrue();
		assertThat(Phonetic.soundsLike("competiter", "competitor")).isTrue();
		assertThat(Phonetic.soundsLike("budgit", "budget")).isTrue();
		assertThat(Phonetic.soundsLike("by", "buy")).as("short words only by the homophone table").isFalse();
		assertThat(Phonetic.soundsLike("know", "no")).isFalse();
		assertThat(Phonetic.soundsLike("council", "cancel")).isFalse();
		assertThat(Phonetic.soundsLike("manner", "manager")).isFalse();
		assertThat(Phonetic.soundsLike("billing", "killing")).as("one letter off, but the first").isFalse();
	}

	@Test
	void distanceStopsEarly() {
		assertThat(Phonetic.distance("kitten", "sitting", 5)).isEqualTo(3);
		assertThat(Phonetic.distance("kitten", "sitting", 1)).isEqualTo(2);
	}

}
