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

	@Test
	void sentenceOpenersPronounsDaysAndRecogniserOutputAreNotNames() {
		assertThat(NameSlot.variant("Cheers, that's answered everything.")).isNull();
		assertThat(NameSlot.variant("Pricing looks pretty reasonable to me, honestly.")).isNull();
		assertThat(NameSlot.variant("I think we decide on Monday. Then I'll call you.")).isNull();
		assertThat(NameSlot.variant("the guys at aramark said they could start the first of the month")).isNull();
		assertThat(NameSlot.variant("")).isNull();
	}

}
