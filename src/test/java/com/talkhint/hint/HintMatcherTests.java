package com.talkhint.hint;

import java.util.List;

import com.talkhint.audio.Speaker;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Trigger matching on paraphrases, recognition errors and look-alikes, with the default playbook. */
class HintMatcherTests {

	private static final HintMatcher matcher = new HintMatcher(Playbook.defaults());

	private static List<String> ids(String text, Speaker speaker) {
		return matcher.match(new Utterance(text), speaker).stream().map(m -> m.entry().id()).toList();
	}

	@ParameterizedTest(name = "[{index}] {1} <- \"{0}\"")
	@CsvSource(delimiter = '|', textBlock = """
			the price is too high for a team of our size               | price-objection
			that's way over our budget                                 | price-objection
			honestly it costs too much                                 | price-objection
			we can't afford that right now                             | price-objection
			it's a bit too pricey for us                               | price-objection
			our budget is tight this year                              | price-objection
			the prize is to high                                       | price-objection
			that is way over our budge it                              | price-objection
			the pricing is more than we expected                       | price-objection
			we are also evaluating a competitor that is cheaper        | competitor-mention
			a competitor offered us a better deal                      | competitor-mention
			there is a lot of competition out there                    | competitor-mention
			we're looking at other vendors too                         | competitor-mention
			we already use another tool for that                       | competitor-mention
			we are thinking about switching to another provider        | competitor-mention
			if this is not fixed by friday we will cancel our contract | cancellation-risk
			we're thinking about cancelling                            | cancellation-risk
			we won't be renewing                                       | cancellation-risk
			honestly we might just go elsewhere                        | cancellation-risk
			i want to speak to your manager                            | escalation-request
			can i talk to a supervisor please                          | escalation-request
			get me someone in charge                                   | escalation-request
			i want to escalate this                                    | escalation-request
			can you send me more information                           | follow-up-request
			just email us the proposal                                 | follow-up-request
			call me back next week                                     | follow-up-request
			we plan to decide next quarter                             | decision-timeline
			we'll make a decision by the end of the month              | decision-timeline
			we need to sign before january                             | decision-timeline
			we will make the final call at the end of the florida      | decision-timeline
			do you integrate with salesforce                           | info-integrations
			does it work with hubspot                                  | info-integrations
			is my data encrypted                                       | info-security
			are you soc two compliant                                  | info-security
			how much does it cost                                      | info-pricing
			what's the price per user                                  | info-pricing
			""")
	void paraphrasesAndRecognitionErrorsTrigger(String text, String id) {
		assertThat(ids(text, Speaker.CUSTOMER)).contains(id);
	}

	@ParameterizedTest(name = "[{index}] nothing objection-like <- \"{0}\"")
	@CsvSource(delimiter = '|', textBlock = """
			i'll share it with my manager
			i need to talk to my manager first
			the board decides on the budget
			how much does it cost to add more users
			the price is not a problem for us
			it's not too expensive actually
			can we cancel the meeting on friday and do monday
			i have another question about the setup
			i know the budget was approved
			my manager approved the purchase last year
			we sent you an email last week
			we already integrate with salesforce ourselves
			what is the price of the high end plan
			is this the final call for today
			i spoke with our internet provider yesterday
			the vendor sent the invoice
			""")
	void lookAlikesDoNotTriggerObjections(String text) {
		assertThat(ids(text, Speaker.CUSTOMER)).doesNotContain("price-objection", "competitor-mention",
				"cancellation-risk", "escalation-request", "follow-up-request", "decision-timeline");
	}

	@ParameterizedTest(name = "[{index}] nothing <- \"{0}\"")
	@CsvSource(delimiter = '|', textBlock = """
			please do not cancel my thursday training session
			i don't want to cancel i just want this fixed
			i never asked to speak to a manager
			the price is not too high
			please don't send me anything
			""")
	void aNegatedTriggerDoesNotFire(String text) {
		assertThat(ids(text, Speaker.CUSTOMER)).isEmpty();
	}

	@Test
	void aTriggerThatSaysNotItselfStillFiresAndANegationFurtherBackDoesNotCount() {
		assertThat(ids("we won't be renewing at this rate", Speaker.CUSTOMER)).containsExactly("cancellation-risk");
		assertThat(ids("we can't justify that kind of spend", Speaker.CUSTOMER)).containsExactly("price-objection");
		assertThat(ids("if it is not fixed this week we will terminate the subscription", Speaker.CUSTOMER))
			.containsExactly("cancellation-risk");
		// a question stays a question when negated
		assertThat(ids("don't you integrate with hubspot", Speaker.CUSTOMER)).containsExactly("info-integrations");
	}

	@Test
	void soundAlikesFillInATriggerButNeverMakeOneOnTheirOwn() {
		// "going" sounds like the brand Gong, "our call" like Aircall: one-word triggers need the word itself
		assertThat(ids("if nothing changes we are going to walk away when the contract ends", Speaker.CUSTOMER))
			.containsExactly("cancellation-risk");
		assertThat(ids("does your tool keep our call recordings secure", Speaker.CUSTOMER))
			.containsExactly("info-security");
		// one exact word and one sound-alike is still a match
		assertThat(ids("the prize is too high", Speaker.CUSTOMER)).containsExactly("price-objection");
	}

	@Test
	void anIdiomNeedsItsOwnWordsInOrderAndCloseTogether() {
		assertThat(ids("if nothing changes we will pull the plug", Speaker.CUSTOMER)).containsExactly("cancellation-risk");
		assertThat(ids("can you kick this up the chain", Speaker.CUSTOMER)).containsExactly("escalation-request");
		// "up later" sounds a little like "up ladder": an idiom takes no sound-alikes
		assertThat(ids("can we pick this back up later in the week", Speaker.CUSTOMER)).isEmpty();
		// "at this price" is an idiom; "for interns, and what does that cost" is a question
		assertThat(ids("at this price it's a non starter", Speaker.CUSTOMER)).containsExactly("price-objection");
		assertThat(ids("do you have a plan for interns and what does that cost", Speaker.CUSTOMER))
			.doesNotContain("price-objection");
	}

	@Test
	void whyDontYouIsASuggestionNotANegation() {
		assertThat(ids("why don't you circle back with me in a couple of weeks", Speaker.CUSTOMER))
			.containsExactly("follow-up-request");
	}

	@ParameterizedTest(name = "[{index}] {1} <- \"{0}\"")
	@CsvSource(delimiter = '|', textBlock = """
			we won't decide until the board meets in march | decision-timeline
			we are not deciding anything till the end of january | decision-timeline
			please don't send it until monday | follow-up-request
			""")
	void aNegationThatATimeLimitsPutsItOffAndStillFires(String text, String id) {
		// "please don't send me anything" stays denied (aNegatedTriggerDoesNotFire)
		assertThat(ids(text, Speaker.CUSTOMER)).contains(id);
	}

	@Test
	void thanksForACallbackIsNotAskingForOne() {
		assertThat(ids("hello priya thanks for getting back to me", Speaker.CUSTOMER)).isEmpty();
		assertThat(ids("thanks for calling me back so quickly", Speaker.CUSTOMER)).isEmpty();
		assertThat(ids("can you get back to me tomorrow", Speaker.CUSTOMER)).contains("follow-up-request");
	}

	@Test
	void customerHintsIgnoreTheAgentsOwnWords() {
		assertThat(ids("that is way over our budget we are evaluating a competitor", Speaker.AGENT)).isEmpty();
		assertThat(ids("let me send you a summary by email and call you back tomorrow", Speaker.AGENT)).isEmpty();
		assertThat(ids("that is way over our budget", Speaker.CUSTOMER)).containsExactly("price-objection");
	}

	@Test
	void knowledgeAnswersNeedAQuestion() {
		assertThat(ids("do you integrate with salesforce", Speaker.CUSTOMER)).contains("info-integrations");
		assertThat(ids("we already integrate with salesforce ourselves", Speaker.CUSTOMER))
			.doesNotContain("info-integrations");
	}

	@Test
	void knowledgeAnswersSurviveTheRecogniserDroppingTheAuxiliary() {
		// "do you integrate with hubspot" heard as "you integrate with some thought", "is our customer data
		// encrypted" as "and another customer data encrypted" (HintAudioEvaluationTests, espeak voices)
		assertThat(ids("you integrate with hubspot", Speaker.CUSTOMER)).contains("info-integrations");
		assertThat(ids("and another customer data encrypted", Speaker.CUSTOMER)).contains("info-security");
		assertThat(ids("we already use salesforce for our pipeline", Speaker.CUSTOMER))
			.doesNotContain("info-integrations");
		assertThat(ids("it works but honestly the price is too high for a team of our size", Speaker.CUSTOMER))
			.containsExactly("price-objection");
	}

	private static List<String> fromOtherReadings(String best, Speaker speaker, String... others) {
		return matcher
			.matchAlternatives(new Utterance(best), java.util.Arrays.stream(others).map(Utterance::new).toList(), speaker)
			.stream()
			.map(m -> m.entry().id())
			.toList();
	}

	@Test
	void anotherReadingOfTheSameAudioFiresOnlyOnExactWordsAndOnlyWhatTheBestReadingMissed() {
		// the recogniser's second reading kept the "can't" its best reading lost
		assertThat(fromOtherReadings("we can justify that kind of spend right now", Speaker.CUSTOMER,
				"we can just decide that kind of spend right now", "we can't justify that kind of spend right now"))
			.containsExactly("price-objection");
		// already matched by the best reading: not again
		assertThat(fromOtherReadings("that is way over our budget", Speaker.CUSTOMER, "that is way over our budget now"))
			.isEmpty();
		// a sound-alike in a lower-ranked reading is too weak ("prize" would match "price" in the best reading)
		assertThat(fromOtherReadings("the pride is to hide", Speaker.CUSTOMER, "the prize is to high")).isEmpty();
		// a veto in the best reading holds for every reading
		assertThat(fromOtherReadings("the price is not a problem for us", Speaker.CUSTOMER,
				"the price is too high not a problem for us"))
			.isEmpty();
		// speaker scope holds too
		assertThat(fromOtherReadings("we can justify that", Speaker.AGENT, "we can't justify that")).isEmpty();
		assertThat(fromOtherReadings("anything", Speaker.CUSTOMER)).isEmpty();
	}

	@Test
	void matchRecordsTheSpokenTriggerWordsAndWhetherItWasFuzzy() {
		HintMatcher.EntryMatch exact = matcher.match(new Utterance("the price is too high"), Speaker.CUSTOMER).get(0);
		assertThat(exact.match().words()).isEqualTo("price too high");
		assertThat(exact.match().exact()).isTrue();
		HintMatcher.EntryMatch fuzzy = matcher.match(new Utterance("the prize is to high"), Speaker.CUSTOMER).get(0);
		assertThat(fuzzy.match().words()).startsWith("prize");
		assertThat(fuzzy.match().exact()).isFalse();
	}

	@Test
	void checklistAndDisclosurePhrases() {
		Utterance opening = new Utterance("Hello, this is Sam from Brightline. Just so you know, this call is recorded.");
		assertThat(matcher.checklistItems(opening)).contains("greeting", "recording-disclosure");
		assertThat(matcher.disclosesRecording(opening)).isTrue();
		assertThat(matcher.disclosesRecording(new Utterance("I saw you signed up for our trial"))).isFalse();
		assertThat(matcher.checklistItems(new Utterance("let me send you a summary by email")))
			.containsExactly("next-steps");
	}

}
