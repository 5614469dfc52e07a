package com.talkhint.hint;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.talkhint.audio.Speaker;
import com.talkhint.event.CallEvent.CallSummary;
import com.talkhint.event.ChecklistItem;
import com.talkhint.event.Hint;
import com.talkhint.transcription.TranscriptSegment;
import org.junit.jupiter.api.Test;

import static com.talkhint.audio.Speaker.AGENT;
import static com.talkhint.audio.Speaker.CUSTOMER;
import static org.assertj.core.api.Assertions.assertThat;

/** Per-call coaching driven by synthetic stream-time timelines: partial firing, scope, limits, timing rules, checklist, summary. */
class CallCoachTests {

	private static final HintMatcher playbook = new HintMatcher(Playbook.defaults());

	private final CallCoach coach = new CallCoach("CA1", () -> playbook);

	private final List<Hint> hints = new ArrayList<>();

	@Test
	void conclusivePartialFiresBeforeTheUtteranceEndsAndTheFinalDoesNotRepeatIt() {
		partial(CUSTOMER, "the price", 1_200);
		partial(CUSTOMER, "the price is too high", 1_800); // last word may still change
		assertThat(this.hints).isEmpty();
		partial(CUSTOMER, "the price is too high for", 2_000);
		assertThat(this.hints).singleElement().satisfies(h -> {
			assertThat(h.id()).isEqualTo("price-objection");
			assertThat(h.atMs()).isEqualTo(2_000);
			assertThat(h.trigger()).isEqualTo("price too high");
		});
		finalSegment(CUSTOMER, "the price is too high for us", 500, 3_000);
		assertThat(this.hints).hasSize(1);
	}

	@Test
	void aMatchSeenInTwoPartialsInARowIsSettled() {
		partial(CUSTOMER, "that's way over our budget", 1_500);
		assertThat(this.hints).isEmpty();
		partial(CUSTOMER, "that's way over our budget", 1_700);
		assertThat(this.hints).extracting(Hint::id, Hint::atMs).containsExactly(org.assertj.core.groups.Tuple.tuple("price-objection", 1_700L));
	}

	@Test
	void aMatchEndingOnTheLastWordIsSettledWhenTheSpeakerFallsSilent() {
		progress(1_000, false, true);
		partial(CUSTOMER, "i want to speak to your", 1_100);
		progress(1_100, false, true);
		partial(CUSTOMER, "i want to speak to your manager", 1_200); // last word: not yet confirmed
		progress(1_200, false, true);
		assertThat(this.hints).isEmpty();
		progress(1_300, false, false); // 100 ms of silence: the recogniser has heard the end of the word
		assertThat(this.hints).extracting(Hint::id, Hint::atMs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("escalation-request", 1_300L));
		finalSegment(CUSTOMER, "i want to speak to your manager", 500, 1_250);
		assertThat(this.hints).as("the final does not repeat it").hasSize(1);
	}

	@Test
	void silenceDoesNotSettleAOneWordTriggerWhoseVetoMayFollowThePause() {
		progress(1_000, false, true);
		partial(CUSTOMER, "can we cancel", 1_100);
		progress(1_100, false, true);
		progress(1_200, false, false);
		progress(1_300, false, false); // a pause mid-sentence: "... the meeting" may follow
		assertThat(this.hints).isEmpty();
		progress(1_400, false, true);
		partial(CUSTOMER, "can we cancel the meeting", 1_500);
		finalSegment(CUSTOMER, "can we cancel the meeting", 800, 1_600);
		assertThat(this.hints).isEmpty();
	}

	@Test
	void aHintTheBestReadingMissedFiresFromTheRecognisersOtherReadingOnTheFinal() {
		CallCoach.Step step = this.coach.finalSegment(new TranscriptSegment(CUSTOMER,
				"we can justify that kind of spend right now", 300, 2_400,
				List.of("we can just decide that kind of spend right now", "we can't justify that kind of spend right now")));
		assertThat(step.hints()).singleElement().satisfies(h -> {
			assertThat(h.id()).isEqualTo("price-objection");
			assertThat(h.atMs()).isEqualTo(2_400);
			assertThat(h.trigger()).isEqualTo("not justify");
		});
	}

	@Test
	void aOneWordTriggerWaitsForTheFinalWhereItsVetoMayStillCome() {
		partial(CUSTOMER, "can we cancel", 1_000);
		partial(CUSTOMER, "can we cancel the", 1_200);
		partial(CUSTOMER, "can we cancel the", 1_400);
		assertThat(this.hints).isEmpty();
		partial(CUSTOMER, "can we cancel the meeting on friday", 1_900);
		finalSegment(CUSTOMER, "can we cancel the meeting on friday and do monday", 500, 3_000);
		assertThat(this.hints).isEmpty();

		partial(CUSTOMER, "can we cancel our weekly team", 5_000);
		partial(CUSTOMER, "can we cancel our weekly team", 5_200);
		partial(CUSTOMER, "can we cancel our weekly team meeting", 5_400);
		assertThat(this.hints).as("the veto may span three words in between").isEmpty();

		partial(CUSTOMER, "we will cancel", 10_000);
		partial(CUSTOMER, "we will cancel the", 10_200);
		partial(CUSTOMER, "we will cancel the whole thing", 10_400);
		assertThat(this.hints).isEmpty();
		int reach = playbook.vetoReach("cancellation-risk");
		assertThat(reach).isBetween(4, 8);
		String[] more = "the whole thing if this goes on like that".split(" ");
		partial(CUSTOMER, "we will cancel " + String.join(" ", java.util.Arrays.copyOf(more, reach)), 10_600);
		assertThat(this.hints).as("no veto can complete any more: fires on the partial")
			.extracting(Hint::id, Hint::atMs)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("cancellation-risk", 10_600L));
		finalSegment(CUSTOMER, "we will cancel the whole thing if this goes on", 9_500, 11_000);
		assertThat(this.hints).hasSize(1);
	}

	@Test
	void aTriggerSplitByAPauseIntoTwoFinalsStillFires() {
		finalSegment(CUSTOMER, "honestly that is way over", 1_000, 2_200);
		assertThat(this.hints).isEmpty();
		finalSegment(CUSTOMER, "our budget to be honest", 2_900, 4_300);
		assertThat(this.hints).singleElement().satisfies(h -> {
			assertThat(h.id()).isEqualTo("price-objection");
			assertThat(h.atMs()).isEqualTo(4_300);
			assertThat(h.trigger()).isEqualTo("over budget");
		});
	}

	@Test
	void finalsAreNotJoinedAcrossALongPauseAnotherSpeakerOrAVeto() {
		finalSegment(CUSTOMER, "honestly that is way over", 1_000, 2_200);
		finalSegment(CUSTOMER, "our budget to be honest", 2_200 + CallCoach.JOIN_GAP_MS + 100, 6_000);
		assertThat(this.hints).as("too long a pause").isEmpty();

		finalSegment(CUSTOMER, "we are looking at another", 10_000, 11_000);
		finalSegment(AGENT, "okay", 11_100, 11_400);
		finalSegment(CUSTOMER, "vendor", 11_600, 12_300);
		assertThat(this.hints).as("the agent spoke in between").isEmpty();

		finalSegment(CUSTOMER, "the price", 20_000, 20_600);
		finalSegment(CUSTOMER, "is not a problem for us", 21_000, 22_400);
		assertThat(this.hints).as("a veto across the pause").isEmpty();

		finalSegment(CUSTOMER, "we are looking at another", 30_000, 31_000);
		finalSegment(CUSTOMER, "vendor", 31_400, 32_000);
		assertThat(this.hints).as("the same split with nobody in between does join")
			.filteredOn((h) -> !h.id().equals("recording-disclosure")) // 30 s in, no agent disclosure: due now
			.extracting(Hint::id)
			.containsExactly("competitor-mention");
	}

	@Test
	void soundAlikeEvidenceWaitsForTheFinal() {
		partial(CUSTOMER, "the prize is to high for", 1_500);
		partial(CUSTOMER, "the prize is to high for us", 1_800);
		assertThat(this.hints).isEmpty();
		finalSegment(CUSTOMER, "the prize is to high for us", 300, 2_200);
		assertThat(this.hints).singleElement().satisfies(h -> {
			assertThat(h.id()).isEqualTo("price-objection");
			assertThat(h.atMs()).isEqualTo(2_200);
			assertThat(h.trigger()).contains("prize");
		});
	}

	@Test
	void theAgentsOwnWordsNeverFireCustomerHints() {
		partial(AGENT, "i know it's way over your budget and you're evaluating a competitor but", 3_000);
		finalSegment(AGENT, "i know it's way over your budget and you're evaluating a competitor but", 0, 3_500);
		finalSegment(AGENT, "let me send you the proposal and call you back next week", 4_000, 7_000);
		assertThat(this.hints).extracting(Hint::kind).doesNotContain("objection", "escalation", "info");
	}

	@Test
	void cooldownAndMaxPerCallLimitRepeats() {
		finalSegment(CUSTOMER, "it's too expensive", 0, 1_000);
		finalSegment(CUSTOMER, "really it is too expensive", 2_000, 4_000);
		assertThat(ids()).containsExactly("price-objection");
		finalSegment(CUSTOMER, "honestly still too expensive", 62_000, 64_000);
		finalSegment(CUSTOMER, "way over our budget", 130_000, 132_000);
		finalSegment(CUSTOMER, "and too expensive", 200_000, 202_000);
		assertThat(ids()).filteredOn("price-objection"::equals).hasSize(3); // max-per-call 3
	}

	@Test
	void monologueFiresAfterSixtySecondsOfAgentSpeechWithShortPausesOnly() {
		for (long t = 100; t <= 65_000; t += 100) {
			boolean breath = (t % 10_000) < 1_000; // a 1 s breath every 10 s is not a pause
			progress(t, !breath, false);
		}
		assertThat(this.hints).filteredOn(h -> h.id().equals("monologue")).singleElement().satisfies(h -> {
			assertThat(h.atMs()).isBetween(60_000L, 61_500L);
			assertThat(h.trigger()).contains("without a pause");
		});
	}

	@Test
	void aCustomerTurnOrARealPauseEndsTheMonologue() {
		for (long t = 100; t <= 65_000; t += 100) {
			boolean customerTurn = t > 30_000 && t <= 31_500;
			progress(t, !customerTurn, customerTurn);
		}
		for (long t = 65_100; t <= 125_000; t += 100) {
			boolean pause = t > 80_000 && t <= 82_500;
			progress(t, !pause, false);
		}
		assertThat(ids()).doesNotContain("monologue");
	}

	@Test
	void talkRatioFiresOnlyAfterTwoMinutesWhenTheAgentDominates() {
		for (long t = 100; t <= 130_000; t += 100) {
			boolean agentTurn = (t / 10_000) % 5 != 4; // 40 s agent, 10 s customer: 100 s to 20 s at 2 min
			progress(t, agentTurn, !agentTurn);
		}
		assertThat(this.hints).filteredOn(h -> h.id().equals("talk-ratio")).singleElement().satisfies(h -> {
			assertThat(h.atMs()).isEqualTo(120_000);
			assertThat(h.trigger()).isEqualTo("agent 83% of talk time");
		});
	}

	@Test
	void balancedTalkDoesNotFireTalkRatio() {
		for (long t = 100; t <= 200_000; t += 100) {
			boolean agentTurn = (t / 5_000) % 2 == 0;
			progress(t, agentTurn, !agentTurn);
		}
		assertThat(ids()).doesNotContain("talk-ratio", "monologue", "long-silence");
	}

	@Test
	void longSilenceFiresAfterEightQuietSecondsOnceTheConversationStarted() {
		for (long t = 100; t <= 12_000; t += 100) {
			progress(t, false, false); // silence before anybody spoke is ringing, not a pause
		}
		assertThat(ids()).doesNotContain("long-silence");
		for (long t = 12_100; t <= 15_000; t += 100) {
			progress(t, true, false);
		}
		for (long t = 15_100; t <= 30_000; t += 100) {
			progress(t, false, false);
		}
		assertThat(this.hints).filteredOn(h -> h.id().equals("long-silence")).singleElement()
			.satisfies(h -> assertThat(h.atMs()).isEqualTo(23_100));
	}

	@Test
	void recordingDisclosureIsDueThirtySecondsIntoTheStream() {
		for (long t = 100; t <= 40_000; t += 100) {
			progress(t, t < 20_000, t >= 20_000);
		}
		assertThat(this.hints).filteredOn(h -> h.id().equals("recording-disclosure")).singleElement()
			.satisfies(h -> assertThat(h.atMs()).isEqualTo(30_000));
	}

	@Test
	void saidInTimeTheDisclosureNeverFiresAndTicksTheChecklist() {
		finalSegment(AGENT, "hello this is sam from brightline just so you know this call is recorded", 500, 5_000);
		assertThat(this.lastChecklist).extracting(ChecklistItem::id, ChecklistItem::done)
			.containsExactly(org.assertj.core.groups.Tuple.tuple("greeting", true),
					org.assertj.core.groups.Tuple.tuple("recording-disclosure", true),
					org.assertj.core.groups.Tuple.tuple("needs-question", false),
					org.assertj.core.groups.Tuple.tuple("next-steps", false));
		for (long t = 5_100; t <= 40_000; t += 100) {
			progress(t, false, true);
		}
		assertThat(ids()).doesNotContain("recording-disclosure");
	}

	@Test
	void aQuestionTheAgentTalksPastIsUnanswered() {
		finalSegment(CUSTOMER, "do you integrate with salesforce", 1_000, 3_000);
		finalSegment(AGENT, "okay", 3_500, 4_000); // an acknowledgement is not yet a reply
		assertThat(ids()).doesNotContain("unanswered-question");
		finalSegment(AGENT, "let me tell you about our new dashboard it has great charts", 4_500, 9_000);
		assertThat(this.hints).filteredOn(h -> h.id().equals("unanswered-question")).singleElement()
			.satisfies(h -> {
				assertThat(h.atMs()).isEqualTo(9_000);
				assertThat(h.trigger()).isEqualTo("customer asked: do you integrate with salesforce");
			});
		assertThat(this.coach.summary().questions()).singleElement()
			.satisfies(q -> assertThat(q.answered()).isEqualTo(false));
	}

	@Test
	void aReplyOnTheQuestionsTopicAnswersIt() {
		finalSegment(CUSTOMER, "is my data encrypted", 1_000, 3_000);
		finalSegment(AGENT, "everything we store is encrypted at rest and in transit", 3_500, 7_000);
		finalSegment(CUSTOMER, "how long does the setup take", 8_000, 10_000);
		finalSegment(AGENT, "usually about a day", 10_500, 12_000);
		assertThat(ids()).doesNotContain("unanswered-question");
	}

	@Test
	void aQuestionMetBySilenceIsUnansweredAfterTenSeconds() {
		for (long t = 100; t <= 3_000; t += 100) {
			progress(t, false, true);
		}
		finalSegment(CUSTOMER, "can you send me the contract", 500, 3_000);
		for (long t = 3_100; t <= 14_000; t += 100) {
			progress(t, false, false);
		}
		assertThat(this.hints).filteredOn(h -> h.id().equals("unanswered-question")).singleElement()
			.satisfies(h -> assertThat(h.atMs()).isEqualTo(13_100));
	}

	@Test
	void summaryCountsWhatHappened() {
		finalSegment(AGENT, "hi this call is recorded how is it going so far", 0, 4_000);
		finalSegment(CUSTOMER, "honestly the price is too high", 5_000, 7_000);
		finalSegment(CUSTOMER, "when would you need a decision we plan to decide next quarter", 8_000, 12_000);
		finalSegment(AGENT, "i will send you a summary by email", 13_000, 15_000);
		CallSummary.Summary s = this.coach.summary();
		assertThat(s.callSid()).isEqualTo("CA1");
		assertThat(s.agentMs()).isEqualTo(6_000L);
		assertThat(s.customerMs()).isEqualTo(6_000L);
		assertThat(s.talkRatio()).isEqualTo(0.5);
		assertThat(s.durationMs()).isEqualTo(15_000L);
		assertThat(s.hintCounts()).containsEntry("price-objection", 1).containsEntry("decision-timeline", 1);
		assertThat(s.checklist()).extracting(ChecklistItem::done).containsExactly(true, true, true, true);
		assertThat(s.questions()).hasSize(1);
		assertThat(s.nextSteps()).extracting(CallSummary.NextStep::speaker).containsExactly("customer", "agent");
	}

	@Test
	void aNextStepTheCustomerNamesTicksTheChecklistTheSummaryListsItIn() {
		finalSegment(CUSTOMER, "when would you need a decision we plan to decide next quarter", 8_000, 12_000);
		assertThat(this.hints).extracting(Hint::id).contains("decision-timeline");
		assertThat(this.lastChecklist).filteredOn((i) -> i.id().equals("next-steps")).singleElement()
			.satisfies((i) -> assertThat(i.done()).isTrue());
		CallSummary.Summary s = this.coach.summary();
		assertThat(s.nextSteps()).hasSize(1);
		assertThat(s.checklist()).filteredOn((i) -> "next-steps".equals(i.id()))
			.singleElement()
			.satisfies((i) -> {
				assertThat(i.done()).isTrue();
				assertThat(i.atMs()).isEqualTo(12_000L);
			});
	}

	@Test
	void beforeAnyoneTalksTheTalkRatioIsUnknownNotZero() {
		CallCoach.Step step = this.coach.progress(AGENT, CallCoach.METRICS_EVERY_MS, false);
		assertThat(step.metrics().talkRatio()).isNull();
		assertThat(step.metrics().agentMs()).isEqualTo(0L);
		assertThat(this.coach.summary().talkRatio()).isNull();
	}

	@Test
	void theChecklistRidesAlongWithEveryMetricsUpdate() {
		finalSegment(AGENT, "hello this is sam from brightline", 0, 2_000);
		CallCoach.Step step = this.coach.progress(AGENT, CallCoach.METRICS_EVERY_MS * 2, false);
		assertThat(step.metrics()).isNotNull();
		assertThat(step.checklist()).extracting(ChecklistItem::id, ChecklistItem::done)
			.contains(org.assertj.core.groups.Tuple.tuple("greeting", true));
		assertThat(this.coach.progress(AGENT, CallCoach.METRICS_EVERY_MS * 2 + 100, false).checklist()).isNull();
	}

	private List<ChecklistItem> lastChecklist;

	private List<String> ids() {
		return this.hints.stream().map(Hint::id).toList();
	}

	private void partial(Speaker speaker, String text, long nowMs) {
		take(this.coach.partial(speaker, text, nowMs));
	}

	private void finalSegment(Speaker speaker, String text, long startMs, long endMs) {
		take(this.coach.finalSegment(new TranscriptSegment(speaker, text, startMs, endMs)));
	}

	/** Both tracks report the same 100 ms step, as the pipeline does. */
	private void progress(long t, boolean agentVoiced, boolean customerVoiced) {
		take(this.coach.progress(AGENT, t, agentVoiced));
		take(this.coach.progress(CUSTOMER, t, customerVoiced));
	}

	private void take(CallCoach.Step step) {
		this.hints.addAll(step.hints());
		if (step.checklist() != null) {
			this.lastChecklist = step.checklist();
		}
	}

}
