package com.talkhint.hint;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Normalisation and question detection on recogniser-style text without punctuation. */
class UtteranceTests {

	@Test
	void normalisesContractionsNumbersAndPunctuation() {
		assertThat(new Utterance("That's 20% over OUR budget, isn't it? We can't pay $1,500.").words()).containsExactly(
				"that", "is", "twenty", "percent", "over", "our", "budget", "is", "not", "it", "we", "can", "not",
				"pay", "dollars", "one", "thousand", "five", "hundred");
		assertThat(new Utterance("I'll call you at 4567 and we'd like the company's offer").words()).containsExactly(
				"i", "will", "call", "you", "at", "four", "thousand", "five", "hundred", "sixty", "seven", "and", "we",
				"would", "like", "the", "company", "offer");
	}

	@Test
	void dropsRedactionTagsAndQuoteMarksAroundWords() {
		assertThat(new Utterance("my card is [card number] 'cause you asked, ''yes'' rock'n'roll ' ''").words())
			.containsExactly("my", "card", "is", "cause", "you", "asked", "yes", "rock", "nroll");
	}

	@Test
	void joinsEachWordWithTheNext() {
		Utterance u = new Utterance("way over our budge it");
		assertThat(u.joined(0)).isEqualTo("wayover");
		assertThat(u.joined(3)).isEqualTo("budgeit");
	}

	@ParameterizedTest
	@ValueSource(strings = { "do you integrate with salesforce", "is my data encrypted", "how much does it cost",
			"when would you need a decision from us we plan to decide next quarter", "what's the price per user",
			"it works but how do you export the data", "so can you send me the contract",
			"you will send it today right", "any chance of a discount or not" })
	void questionsWithoutPunctuation(String text) {
		assertThat(new Utterance(text).isQuestion()).isTrue();
	}

	@ParameterizedTest
	@ValueSource(strings = { "when we tried it it broke", "i know what you mean", "that is right",
			"we plan to decide next quarter", "the price is too high", "if you do that we will cancel",
			"i will check what is possible" })
	void statementsAreNotQuestions(String text) {
		assertThat(new Utterance(text).isQuestion()).isFalse();
	}

}
