package com.talkhint.privacy;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Personal data in Vosk-style text (lower case words, no punctuation) is replaced; ordinary numbers stay. */
class RedactorTests {

	final Redactor redactor = new Redactor(true);

	@Test
	void cardNumberSpokenDigitByDigit() {
		assertThat(this.redactor.redact("my card is four one one one one one one one one one one one one one one one thanks"))
			.isEqualTo("my card is [card number] thanks");
	}

	@Test
	void cardNumberSpokenInGroupsAndWithDoubles() {
		assertThat(this.redactor.redact("it is forty one eleven double one eleven eleven eleven one one one one"))
			.isEqualTo("it is [card number]");
		assertThat(this.redactor.redact("card 4111 1111 1111 1111 expires soon")).isEqualTo("card [card number] expires soon");
	}

	@Test
	void socialSecurityAndPhoneNumbers() {
		assertThat(this.redactor.redact("my social is one two three dash four five dash six seven eight nine"))
			.isEqualTo("my social is [ssn]");
		assertThat(this.redactor.redact("call me at four one five five five five zero one zero zero"))
			.isEqualTo("call me at [phone number]");
	}

	@Test
	void emailsSpokenAndWritten() {
		assertThat(this.redactor.redact("send it to jane at example dot com please"))
			.isEqualTo("send it to [email] please");
		assertThat(this.redactor.redact("write to jane.doe@example.co.uk today")).isEqualTo("write to [email] today");
	}

	@Test
	void emailAfterACueEvenWhenRecognitionGarbledIt() {
		assertThat(this.redactor.redact("and my email is jane against an ample not com thanks"))
			.isEqualTo("and my email is [email] thanks");
		assertThat(this.redactor.redact("the email address is bob at acme dot io")).isEqualTo("the email address is [email]");
		assertThat(this.redactor.redact("i will send an email about the contract")).isEqualTo(
				"i will send an email about the contract");
	}

	@Test
	void ordinaryNumbersAndWordsStay() {
		String text = "it is four five six seven and i want to speak to your manager at the office by friday";
		assertThat(this.redactor.redact(text)).isEqualTo(text);
		assertThat(this.redactor.redact("we have twenty five seats for two thousand")).isEqualTo(
				"we have twenty five seats for two thousand");
	}

	@Test
	void partialsMaskDigitRunsThatMayStillGrowIntoACardNumber() {
		assertThat(this.redactor.redactPartial("my card is four one one one one one")).isEqualTo("my card is [number]");
		assertThat(this.redactor.redactPartial("account four five six seven")).isEqualTo("account four five six seven");
	}

	@Test
	void offLeavesEverything() {
		assertThat(new Redactor(false).redact("jane at example dot com")).isEqualTo("jane at example dot com");
	}

}
