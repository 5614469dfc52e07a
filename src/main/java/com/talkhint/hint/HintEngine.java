package com.talkhint.hint;

import com.talkhint.event.Hint;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

import com.talkhint.audio.Speaker;
import com.talkhint.audio.StreamContext;
import com.talkhint.call.CallJournal;
import com.talkhint.call.CallRecord;
import com.talkhint.call.LiveCall;
import com.talkhint.call.LiveCalls;
import com.talkhint.call.StoredCalls;
import com.talkhint.event.CallEvent.CallSummary;
import com.talkhint.event.CallEvent.ChecklistTicked;
import com.talkhint.event.CallEvent.CoachingMetrics;
import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.ChecklistItem;
import com.talkhint.transcription.TranscriptListener;
import com.talkhint.transcription.TranscriptSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns live transcripts into hints: one {@link CallCoach} per call (created at stream start, dropped at
 * stream end), kept on the call's {@link LiveCall}, does the matching and coaching; this class hands what it
 * produces to the {@link CallJournal} (which publishes it at once and stores hints and the summary behind), asks
 * the optional LLM on the side, and files the summary when the stream ends. Called from the call's delivery
 * thread and the meaning judgement thread.
 */
public class HintEngine implements TranscriptListener {

	private static final Logger log = LoggerFactory.getLogger(HintEngine.class);

	private final PlaybookSource playbooks;

	private final CallJournal journal;

	private final StoredCalls calls;

	private final Clock clock;

	private final LlmSuggestionSource llm;

	private final Duration llmMinInterval;

	private final SummaryWebhook webhook;

	private final HintMeaning meaning;

	private final Executor judgements;

	/** Where each call's {@link Coaching} is kept, and forgotten with the call. */
	private final LiveCalls live;

	/** The engine's state of a call, on the call's LiveCall. */
	private static final LiveCall.Key<Coaching> COACHING = new LiveCall.Key<>("hint.coaching");

	/**
	 * @param journal where hints, checklists, metrics and the summary go (stored as they need, published at once)
	 * @param calls the stored call, read for the summary webhook once the journal has written it
	 * @param llm optional suggestion source, {@code null} when no endpoint is configured
	 * @param llmMinInterval stream time between two LLM requests of one call
	 * @param webhook optional summary webhook, {@code null} when none is configured
	 * @param live where each call's coach is kept while its stream runs
	 */
	public HintEngine(PlaybookSource playbooks, CallJournal journal, StoredCalls calls, Clock clock,
			LlmSuggestionSource llm, Duration llmMinInterval, SummaryWebhook webhook, LiveCalls live) {
		this(playbooks, journal, calls, clock, llm, llmMinInterval, webhook, live, null, null);
	}

	/**
	 * @param meaning the meaning path, {@code null} for rules only
	 * @param judgements where utterances are scored by meaning (never the media or recognition threads)
	 */
	public HintEngine(PlaybookSource playbooks, CallJournal journal, StoredCalls calls, Clock clock,
			LlmSuggestionSource llm, Duration llmMinInterval, SummaryWebhook webhook, LiveCalls live,
			HintMeaning meaning, Executor judgements) {
		this.live = live;
		this.meaning = meaning;
		this.judgements = judgements;
		this.playbooks = playbooks;
		this.journal = journal;
		this.calls = calls;
		this.clock = clock;
		this.llm = llm;
		this.llmMinInterval = llmMinInterval;
		this.webhook = webhook;
	}

	@Override
	public void onStreamStart(StreamContext context) {
		CallCoach coach = coaching(context.callSid())
			.started(new CallCoach(context.callSid(), this.playbooks::current));
		log.info("[hints] coaching {} with {} ({} entries){}", context.callSid(), this.playbooks.playbook().source(),
				this.playbooks.playbook().entries().size(), (this.llm != null) ? " + LLM suggestions" : "");
		publishChecklist(context.callSid(), coach.checklist());
	}

	@Override
	public void onPartial(String callSid, Speaker speaker, String text, long startMs, long nowMs) {
		CallCoach coach = coach(callSid);
		if (coach == null) {
			return;
		}
		emit(callSid, coach.partial(speaker, text, nowMs));
	}

	/**
	 * Scores a final by meaning on the judgement executor and fires what the judgement decides. A job the
	 * executor refuses (overloaded) is dropped: the rules have already spoken for that utterance. Partials are
	 * not scored: in the audio replay, meaning on half-sentences ("mostly better onboarding for new reps but i
	 * have to say") fired hints nobody meant, and the rules already fire on partials.
	 */
	private void judge(String callSid, CallCoach coach, MeaningIndex index, TranscriptSegment segment,
			Set<String> firedAlready) {
		Speaker speaker = segment.speaker();
		String text = segment.text();
		long atMs = segment.endMs();
		try {
			this.judgements.execute(() -> {
				try {
					HintJudge.Judgement j = judgement(this.meaning, index, this.playbooks.current(), speaker, text,
							segment.alternatives());
					emit(callSid, coach.judged(speaker, text, atMs, j, firedAlready));
				}
				catch (RuntimeException ex) {
					log.warn("[hints] meaning judgement of {} failed: {}", callSid, ex.toString());
				}
			});
		}
		catch (RejectedExecutionException ex) {
			log.warn("[hints] meaning path busy, {} judged by rules only", callSid);
		}
	}

	/**
	 * Lets the meaning judgements already queued (the call's last finals) finish before the summary is made, so
	 * their hints are in it; bounded, the judgement thread does one utterance in milliseconds.
	 */
	private void awaitJudgements(String callSid) {
		if (this.judgements == null || this.meaning == null || this.meaning.index() == null) {
			return;
		}
		try {
			CompletableFuture.runAsync(() -> {
			}, this.judgements).get(JUDGEMENTS_DRAIN_MS, java.util.concurrent.TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
				| RejectedExecutionException ex) {
			log.warn("[hints] {} summarised before its last meaning judgements: {}", callSid, ex.toString());
		}
	}

	/** At most this long at stream end for the queued meaning judgements. */
	static final long JUDGEMENTS_DRAIN_MS = 2_000;

	/** Both paths' decision on one line of typed text (no recogniser readings). */
	static HintJudge.Judgement judgement(HintMeaning meaning, MeaningIndex index, HintMatcher rules, Speaker speaker,
			String text) {
		return judgement(meaning, index, rules, speaker, text, List.of());
	}

	/**
	 * Both paths' decision on one utterance: embeds it (the slow part, 5-15 ms of CPU) and judges. When that fires
	 * a hint by meaning alone, the recogniser's next readings are embedded too, one by one until none of those hints
	 * is left, and must agree ({@link HintJudge#agreed}); most finals fire nothing by meaning and pay for one
	 * embedding.
	 *
	 * @param alternatives the recogniser's other readings of the utterance, best first (empty for typed text)
	 */
	static HintJudge.Judgement judgement(HintMeaning meaning, MeaningIndex index, HintMatcher rules, Speaker speaker,
			String text, List<String> alternatives) {
		Playbook.Meaning defaults = rules.playbook().meaning();
		Map<String, MeaningIndex.Score> scores = index.score(text, meaning::embed, defaults);
		HintJudge.Judgement j = HintJudge.judge(rules, new Utterance(text), speaker, scores);
		if (alternatives.isEmpty() || !HintJudge.firedByMeaning(j, scores)) {
			return j;
		}
		Map<String, Map<String, MeaningIndex.Score>> readings = new LinkedHashMap<>();
		HintJudge.Judgement agreed = j;
		for (String reading : HintJudge.nextReadings(text, alternatives)) {
			readings.put(reading, index.score(reading, meaning::embed, defaults));
			agreed = HintJudge.agreed(j, scores, readings);
			if (!HintJudge.firedByMeaning(agreed, scores)) {
				break; // every hint fired by meaning alone already lost on this reading: the next cannot save one
			}
		}
		return agreed;
	}

	@Override
	public void onFinal(String callSid, TranscriptSegment segment) {
		CallCoach coach = coach(callSid);
		if (coach == null) {
			return;
		}
		MeaningIndex index = (this.meaning != null) ? this.meaning.index() : null;
		Set<String> judgedLater = new HashSet<>();
		if (index != null) {
			index.entries().forEach(e -> judgedLater.add(e.id()));
		}
		CallCoach.FinalStep step = coach.finalSegment(segment, judgedLater);
		emit(callSid, step.step());
		if (index != null && !judgedLater.isEmpty() && !segment.text().isBlank()) {
			judge(callSid, coach, index, segment, step.firedForUtterance());
		}
		if (this.llm != null && segment.speaker() == Speaker.CUSTOMER && segment.text().split("\\s+").length >= 4
				&& coach.claimLlmTurn(segment.endMs(), this.llmMinInterval.toMillis())) {
			askLlm(callSid, coach, segment);
		}
	}

	@Override
	public void onAudioProgress(String callSid, Speaker speaker, long streamMs, boolean voiced) {
		CallCoach coach = coach(callSid);
		if (coach != null) {
			emit(callSid, coach.progress(speaker, streamMs, voiced));
		}
	}

	@Override
	public void onStreamEnd(String callSid) {
		CallCoach coach = coaching(callSid).end();
		if (coach == null) {
			return;
		}
		awaitJudgements(callSid);
		CallSummary.Summary summary = coach.summary();
		this.journal.publish(new CallSummary(callSid, this.clock.instant(), summary));
		log.info("[hints] {} ended: {} hints, talk ratio {}", callSid, coach.hints().size(), summary.talkRatio());
		if (this.webhook != null) {
			this.webhook.post(callSid, finishedCall(callSid, summary));
		}
	}

	/** The per-call coach, created on first use if the stream start was missed; none after the stream ended. */
	private CallCoach coach(String callSid) {
		if (callSid == null) {
			return null;
		}
		return coaching(callSid).current(() -> new CallCoach(callSid, this.playbooks::current));
	}

	private Coaching coaching(String callSid) {
		return this.live.get(callSid).attachment(COACHING, Coaching::new);
	}

	/** Whether {@code coach} still coaches its call: not once the stream ended, nor once the call is forgotten. */
	private boolean coaching(String callSid, CallCoach coach) {
		LiveCall call = this.live.find(callSid).orElse(null);
		Coaching coaching = (call != null) ? call.attachment(COACHING) : null;
		return coaching != null && coaching.holds(coach);
	}

	private void emit(String callSid, CallCoach.Step step) {
		for (Hint hint : step.hints()) {
			publishHint(callSid, hint);
		}
		if (step.checklist() != null) {
			publishChecklist(callSid, step.checklist());
		}
		if (step.metrics() != null) {
			this.journal.publish(new CoachingMetrics(callSid, this.clock.instant(), step.metrics()));
		}
	}

	private void publishHint(String callSid, Hint hint) {
		// Shown at once; the row is written behind (a failed write is logged by the journal, the hint still shown).
		this.journal.publish(new HintFired(callSid, this.clock.instant(), hint));
		log.info("[hints] {} {} at {} ms by {} ({})", callSid, hint.id(), hint.atMs(), hint.path(),
				(hint.score() != null) ? hint.score() + ", like \"" + hint.evidence() + "\"" : hint.trigger());
	}

	private void publishChecklist(String callSid, List<ChecklistItem> checklist) {
		this.journal.publish(new ChecklistTicked(callSid, this.clock.instant(), checklist));
	}

	private void askLlm(String callSid, CallCoach coach, TranscriptSegment trigger) {
		CompletableFuture<Optional<String>> answer = this.llm.suggest(callSid, coach.recentTranscript());
		answer.whenComplete((suggestion, ex) -> {
			coach.llmDone();
			if (suggestion == null || suggestion.isEmpty() || !coaching(callSid, coach)) {
				return; // nothing to say, or the call is over
			}
			Hint hint = new Hint(LlmSuggestionSource.HINT_ID, "coaching", "Suggestion", suggestion.get(),
					trigger.endMs(), trigger.text(), Hint.LLM, null, null, trigger.text());
			coach.record(hint);
			publishHint(callSid, hint);
		});
	}

	/** The call as {@code GET /api/calls/{sid}} shows it, plus the summary: what the webhook receives. */
	private FinishedCall finishedCall(String callSid, CallSummary.Summary summary) {
		CallRecord record = null;
		List<TranscriptFinal.Data> transcript = null;
		List<Hint> hints = null;
		try {
			// after the journal has written the call's last finals and hints, which may still be queued
			StoredCalls.StoredCall stored = this.calls.read(callSid);
			record = stored.record().orElse(null);
			transcript = stored.transcript()
				.stream()
				.map((s) -> new TranscriptFinal.Data(s.speaker().wireName(), s.text(), s.startMs(), s.endMs(),
						s.confidences()))
				.toList();
			hints = stored.hints();
		}
		catch (RuntimeException ex) {
			log.warn("[hints] call {} not fully read for the webhook: {}", callSid, ex.toString());
		}
		return FinishedCall.of(callSid, record, transcript, hints, summary);
	}

	/**
	 * The engine's state of one call: its coach while the stream runs, and that the stream ended, so a straggling
	 * callback does not start a fresh, empty coach for it (kept until the call is forgotten, 2 minutes after it
	 * ended). Reached from the call's delivery thread, the judgement thread and the LLM's answer.
	 */
	static final class Coaching {

		private CallCoach coach;

		private boolean ended;

		synchronized CallCoach started(CallCoach coach) {
			this.ended = false;
			this.coach = coach;
			return coach;
		}

		synchronized CallCoach current(Supplier<CallCoach> missedStart) {
			if (this.coach == null && !this.ended) {
				this.coach = missedStart.get();
			}
			return this.coach;
		}

		synchronized CallCoach end() {
			this.ended = true;
			CallCoach coach = this.coach;
			this.coach = null;
			return coach;
		}

		synchronized boolean holds(CallCoach coach) {
			return this.coach == coach;
		}

	}

}
