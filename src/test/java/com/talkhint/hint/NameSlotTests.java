package com.talkhint.hint;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Brand-like names become "another company"; ordinary capitals and recogniser output are left alone. */
class NameSlotTests {

	@Test
	void namesInsideASentenceAndOddlyShapedOnesAreReplaced() {
		assertThat(NameSlot.variant("We trialled Blackbaud for the donor database last year."))
			.isEqualTo("We trialled another company for the donor database last year.");
		assertThat(NameSlot.variant("Honestly we've been leaning towards Monday.com, but I wanted your side."))
			.isEqualTo("Honestly we've been leaning towards another company, but I wanted your side.");
		assertThat(NameSlot.variant("My neighbour has one of those Tesla Powerwalls in her garage."))
			.isEqualTo("My neighbour has one of those another company in her garage.");
		assertThat(NameSlot.variant("The Epic's program came up.")).isEqualTo("The another company's program came up.");
		assertThat(NameSlot.variant("we moved to 8x8 last spring")).isEqualTo("we moved to another company last spring");
	}

	/** At the start of a sentence only a word that is not common English is a name. */
	@Test
	void aRareWordStartingASentenceIsAName() {
		assertThat(NameSlot.variant("Grainger can get me that same motor by tomorrow."))
			.isEqualTo("another company can get me that same motor by tomorrow.");
		assertThat(NameSlot.variant("Fine. Verizon keeps sending me letters.")).isEqualTo("Fine. another company keeps sending me letters.");
		assertThat(NameSlot.variant("Square offered to waive the hardware.")).isNull(); // "square" is a common word
		assertThat(NameSlot.variant("Delivery was late twice last month.")).isNull();
	}

	@Test
	void sentenceOpenersPronounsDaysAndRecogniserOutputAreNotNames() {
		assertThat(NameSlot.variant("Cheers, that's answered everything.")).isNull();
		assertThat(NameSlot.variant("Pricing looks pretty reasonable to me, honestly.")).isNull();
		assertThat(NameSlot.variant("I think we decide on Monday. Then I'll call you.")).isNull();
		assertThat(NameSlot.variant("the guys at aramark said they could start the first of the month")).isNull();
		assertThat(NameSlot.variant("")).isNull();
	}

}
