package com.talkhint.hint;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import com.talkhint.audio.Speaker;
import com.talkhint.event.CallEvent.CallSummary;
import com.talkhint.event.CallEvent.CoachingMetrics;
import com.talkhint.event.ChecklistItem;
import com.talkhint.event.Hint;
import com.talkhint.transcription.TranscriptSegment;

/**
 * Everything TalkHint knows about one call while it runs: phrase matching on partials and finals, the
 * coaching rules (monologue, talk ratio, silence, unanswered question, recording disclosure), the checklist
 * and the numbers for the summary. Plain Java, driven only by stream time from the transcript callbacks, so
 * a test can replay a timeline. The two tracks call it from two threads: every entry point is synchronized.
 */
final class CallCoach {

	/** Metrics are published at most this often, in stream ms. */
	static final long METRICS_EVERY_MS = 5_000;

	// progress arrives every ~100 ms; a larger gap (a stalled track) must not count as talk
	private static final long MAX_PROGRESS_STEP_MS = 1_000;

	// silence after which a partial's last word counts as heard (progress reports come every ~100 ms; the
	// utterance itself ends only after 300 ms of it)
	static final long SETTLE_SILENCE_MS = 100;

	// a customer sound this long takes the turn and ends the agent's monologue; shorter is a click or "mm"
	private static final long CUSTOMER_TURN_MS = 700;

	private static final Set<String> ACKNOWLEDGEMENTS = Set.of("ok", "okay", "right", "mhm", "uh", "huh", "um",
			"i", "see", "yeah", "sure", "hmm", "alright");

	// how replies that answer usually open; "let me check" and "good question" take the question on too
	private static final Set<String> ANSWER_OPENERS = Set.of("yes", "yeah", "yep", "no", "nope", "sure",
			"absolutely", "definitely", "certainly", "correct", "exactly", "usually", "typically", "around", "about",
			"roughly", "depends", "unfortunately", "of course", "good question", "great question", "let me check",
			"let me see", "let me find", "let me look", "i will check", "i will find", "i am not sure",
			"i do not know");

	private final String callSid;

	private final Supplier<HintMatcher> playbook;

	private final Map<Speaker, UtteranceState> utterances = new EnumMap<>(Speaker.class);

	private final Map<Speaker, Track> tracks = new EnumMap<>(Speaker.class);

	private final Map<String, Long> lastFired = new HashMap<>();

	private final Map<String, Integer> fireCounts = new HashMap<>();

	private final List<Hint> hints = new ArrayList<>();

	private final Map<String, Long> checklistDone = new LinkedHashMap<>();

	private final List<AskedQuestion> questions = new ArrayList<>();

	private final List<CallSummary.NextStep> nextSteps = new ArrayList<>();

	/** The checklist item that {@link #nextStep} ticks. */
	private static final String NEXT_STEPS = "next-steps";

	/** Finals of one speaker at most this far apart (and nobody else in between) may be one sentence. */
	static final long JOIN_GAP_MS = 1500;

	private final Deque<TranscriptSegment> recent = new ArrayDeque<>();

	private boolean started;

	private long lastSpeechEndMs = -1; // from finals, when no progress arrives

	private boolean silenceArmed = true;

	private long monologueStartMs = -1;

	private long monologueLastMs = -1;

	private boolean monologueFired;

	private long customerTurnStartMs = -1;

	private long customerTurnLastMs = -1;

	private boolean disclosed;

	private PendingQuestion pending;

	// not Long.MIN_VALUE: "streamMs - lastMetricsMs" would overflow and no metrics would go out before a final
	private long lastMetricsMs = -METRICS_EVERY_MS;

	private long endMs;

	private boolean llmInFlight;

	private long llmLastMs = -1;

	CallCoach(String callSid, Supplier<HintMatcher> playbook) {
		this.callSid = callSid;
		this.playbook = playbook;
		for (Speaker s : Speaker.values()) {
			this.utterances.put(s, new UtteranceState());
			this.tracks.put(s, new Track());
		}
	}

	String callSid() {
		return this.callSid;
	}

	/** A partial hypothesis: fire phrase hints whose evidence is already conclusive. */
	synchronized Step partial(Speaker speaker, String text, long nowMs) {
		HintMatcher matcher = this.playbook.get();
		Utterance u = new Utterance(text);
		UtteranceState state = this.utterances.get(speaker);
		List<Hint> fired = new ArrayList<>();
		Set<String> matchedNow = new HashSet<>();
		List<HintMatcher.EntryMatch> waiting = new ArrayList<>();
		for (HintMatcher.EntryMatch m : matcher.match(u, speaker)) {
			String id = m.entry().id();
			matchedNow.add(id);
			if (state.fired.contains(id)) {
				continue;
			}
			// Conclusive: every trigger word matched by stem or synonym, and either a word has been recognised
			// after the match (a partial's last word is the one the recogniser still revises) or the previous
			// partial matched too. Fuzzy (sound-alike) evidence waits for the final. A one-word trigger also
			// waits until enough words follow it that no veto can still complete ("can we cancel ... the
			// meeting"): a longer trigger is specific enough on its own.
			boolean settled = m.match().last() < u.size() - 1 || state.matchedLastPartial.contains(id);
			boolean vetoesRuledOut = m.match().slots() > 1
					|| u.size() - 1 - m.match().last() >= matcher.vetoReach(id);
			if (m.match().exact() && settled && vetoesRuledOut && allow(m.entry(), nowMs)) {
				state.fired.add(id);
				fired.add(fire(m.entry().ruleHint(nowMs, m.match().words(), m.match().phrase(), text)));
			}
			else if (m.match().exact() && vetoesRuledOut && !settled) {
				waiting.add(m); // only its last word is unconfirmed: settled by the speaker falling silent
			}
		}
		state.matchedLastPartial = matchedNow;
		state.waitingForSilence = waiting;
		state.partialText = text;
		if (speaker == Speaker.AGENT) {
			agentSpoke(nowMs);
		}
		return new Step(fired, null, null);
	}

	/**
	 * A speaker who pauses mid-sentence ("that is way over ... our budget") gets two finals, and a trigger whose
	 * words straddle the pause matches neither. When this final follows the same speaker's previous one closely
	 * (nobody spoke in between), the two are matched as one sentence, keeping only matches that use words of
	 * both: what either part says alone was judged on its own final. Vetoes apply to the whole sentence.
	 */
	private List<HintMatcher.EntryMatch> acrossThePause(HintMatcher matcher, TranscriptSegment segment,
			List<HintMatcher.EntryMatch> already) {
		TranscriptSegment previous = this.recent.peekLast();
		if (previous == null || previous.speaker() != segment.speaker()
				|| segment.startMs() - previous.endMs() > JOIN_GAP_MS) {
			return List.of();
		}
		int boundary = new Utterance(previous.text()).size();
		Utterance joined = new Utterance(previous.text() + " " + segment.text());
		Set<String> seen = new HashSet<>();
		already.forEach(m -> seen.add(m.entry().id()));
		List<HintMatcher.EntryMatch> out = new ArrayList<>();
		for (HintMatcher.EntryMatch m : matcher.match(joined, segment.speaker())) {
			boolean straddles = m.match().first() < boundary && m.match().last() >= boundary;
			if (straddles && seen.add(m.entry().id())) {
				out.add(m);
			}
		}
		return out;
	}

	/** A final utterance: phrase hints not yet fired for it, checklist, questions, timing rules. */
	synchronized Step finalSegment(TranscriptSegment segment) {
		return finalSegment(segment, Set.of()).step();
	}

	/**
	 * A final utterance. Trigger matches of the best reading for the entries in {@code judgedLater} (those the
	 * meaning path scores, while it is ready) are left to {@link #judged}, which gates them by their meaning
	 * score; matches in the recogniser's other readings and across a pause fire here as before.
	 */
	synchronized FinalStep finalSegment(TranscriptSegment segment, Set<String> judgedLater) {
		HintMatcher matcher = this.playbook.get();
		Speaker speaker = segment.speaker();
		Utterance u = new Utterance(segment.text());
		UtteranceState state = this.utterances.get(speaker);
		long at = segment.endMs();
		List<Hint> fired = new ArrayList<>();
		List<HintMatcher.EntryMatch> best = matcher.match(u, speaker);
		List<HintMatcher.EntryMatch> matches = new ArrayList<>();
		best.stream().filter(m -> !judgedLater.contains(m.entry().id())).forEach(matches::add);
		matches.addAll(matcher.matchAlternatives(u, List.copyOf(best),
				segment.alternatives().stream().map(Utterance::new).toList(), speaker));
		matches.addAll(acrossThePause(matcher, segment, best));
		boolean ticked = false;
		for (HintMatcher.EntryMatch m : matches) {
			if (!state.fired.contains(m.entry().id()) && allow(m.entry(), at)) {
				state.fired.add(m.entry().id());
				fired.add(fire(m.entry().ruleHint(at, m.match().words(), m.match().phrase(), segment.text())));
				ticked |= noteNextStep(m.entry(), speaker, segment.text(), at);
			}
		}
		Set<String> firedForUtterance = Set.copyOf(state.fired);
		this.utterances.put(speaker, new UtteranceState()); // the next partial starts a new utterance
		this.recent.addLast(segment);
		if (this.recent.size() > 12) {
			this.recent.removeFirst();
		}
		this.started = this.started || u.size() > 0;
		this.endMs = Math.max(this.endMs, at);

		if (speaker == Speaker.AGENT) {
			if (matcher.disclosesRecording(u)) {
				this.disclosed = true;
			}
			for (String id : matcher.checklistItems(u)) {
				if (id.equals(NEXT_STEPS)) {
					ticked |= nextStep(speaker, segment.text(), at);
				}
				else if (!this.checklistDone.containsKey(id)) {
					this.checklistDone.put(id, at);
					ticked = true;
				}
			}
			fired.addAll(judgeAnswer(matcher, u, segment));
		}
		else if (u.isQuestion()) {
			AskedQuestion q = new AskedQuestion(segment.text(), at); // answered: unknown until the agent replies
			this.questions.add(q);
			this.pending = new PendingQuestion(u, segment, q);
		}

		// without audio progress (text-only replay) talk time and timing rules come from the segments
		Track track = this.tracks.get(speaker);
		if (!track.progressSeen) {
			if (this.lastSpeechEndMs >= 0 && noProgress() && segment.startMs() - this.lastSpeechEndMs > 0) {
				fired.addAll(silenceFromGap(matcher, segment.startMs()));
			}
			track.talkMs += Math.max(0, segment.endMs() - segment.startMs());
			track.lastVoicedMs = Math.max(track.lastVoicedMs, segment.endMs());
			fired.addAll(monologueFromSegment(matcher, segment));
		}
		this.lastSpeechEndMs = Math.max(this.lastSpeechEndMs, segment.endMs());
		fired.addAll(timeRules(matcher, at));
		return new FinalStep(new Step(fired, ticked ? checklist(matcher) : null, metrics(at)), firedForUtterance);
	}

	/**
	 * The meaning path's decision on a final, made off the recognition thread: fires what the judgement fired
	 * and the utterance has not fired yet.
	 *
	 * @param firedAlready entries this utterance fired before (its partials and the final's own matches)
	 */
	synchronized Step judged(Speaker speaker, String text, long atMs, HintJudge.Judgement judgement,
			Set<String> firedAlready) {
		List<Hint> fired = new ArrayList<>();
		boolean ticked = false;
		for (HintJudge.Fired f : judgement.fired()) {
			if (firedAlready.contains(f.entry().id()) || !allow(f.entry(), atMs)) {
				continue;
			}
			fired.add(fire(f.path().equals(Hint.MEANING) ? f.entry().meaningHint(atMs, f.score(), f.evidence(), text)
					: f.entry().ruleHint(atMs, f.words(), f.evidence(), text)));
			ticked |= noteNextStep(f.entry(), speaker, text, atMs);
		}
		return new Step(fired, ticked ? checklist(this.playbook.get()) : null, null);
	}

	/** A follow-up or a timeline the customer named is a next step (summary and checklist). */
	private boolean noteNextStep(Playbook.Entry entry, Speaker speaker, String text, long at) {
		if (entry.id().equals("follow-up-request") || entry.id().equals("decision-timeline")) {
			return nextStep(speaker, text, at);
		}
		return false;
	}

	/** Stream time advanced on a track; voiced says whether that stretch had speech. */
	synchronized Step progress(Speaker speaker, long streamMs, boolean voiced) {
		HintMatcher matcher = this.playbook.get();
		Track track = this.tracks.get(speaker);
		long step = track.progressSeen ? Math.max(0, Math.min(MAX_PROGRESS_STEP_MS, streamMs - track.progressMs)) : 0;
		List<Hint> fired = new ArrayList<>(settledBySilence(speaker, streamMs, voiced));
		track.progressSeen = true;
		track.progressMs = Math.max(track.progressMs, streamMs);
		this.endMs = Math.max(this.endMs, streamMs);
		if (voiced) {
			track.talkMs += step;
			track.lastVoicedMs = streamMs;
			this.started = true;
			this.silenceArmed = true;
			if (speaker == Speaker.AGENT) {
				agentSpoke(streamMs);
				fired.addAll(monologue(matcher, streamMs, step));
			}
			else {
				if (this.customerTurnLastMs < 0 || streamMs - this.customerTurnLastMs > 300) {
					this.customerTurnStartMs = streamMs - step;
				}
				this.customerTurnLastMs = streamMs;
				if (streamMs - this.customerTurnStartMs >= CUSTOMER_TURN_MS) {
					this.monologueStartMs = -1; // the customer took the turn
				}
			}
		}
		fired.addAll(silence(matcher));
		fired.addAll(timeRules(matcher, now()));
		if (streamMs - this.lastMetricsMs >= METRICS_EVERY_MS) {
			// the checklist rides along, so a page opened mid-call has it within one interval
			return new Step(fired, checklist(matcher), metrics(streamMs));
		}
		return new Step(fired, null, null);
	}

	/**
	 * A partial whose match ends on its last word waits for one more partial to confirm that word, and when the
	 * speaker stops there ("... speak to your manager.") no further partial comes: the final follows only after
	 * the pause that ends the utterance (300 ms). Once the track has been silent for {@link #SETTLE_SILENCE_MS}
	 * the recogniser has heard the end of the word, so such a match fires then. One-word triggers whose vetoes
	 * could still follow are not settled this way: the speaker may only be pausing ("can we cancel ... the
	 * meeting").
	 */
	private List<Hint> settledBySilence(Speaker speaker, long streamMs, boolean voiced) {
		UtteranceState state = this.utterances.get(speaker);
		Track track = this.tracks.get(speaker);
		if (voiced || state.waitingForSilence.isEmpty() || track.lastVoicedMs < 0
				|| streamMs - track.lastVoicedMs < SETTLE_SILENCE_MS) {
			return List.of();
		}
		List<Hint> fired = new ArrayList<>();
		for (HintMatcher.EntryMatch m : state.waitingForSilence) {
			if (!state.fired.contains(m.entry().id()) && allow(m.entry(), streamMs)) {
				state.fired.add(m.entry().id());
				fired.add(fire(m.entry().ruleHint(streamMs, m.match().words(), m.match().phrase(), state.partialText)));
			}
		}
		state.waitingForSilence = List.of();
		return fired;
	}

	/**
	 * A next step was agreed (the agent said one, or the customer asked for a follow-up or named a timeline): the
	 * summary lists it and the checklist's next-steps item is ticked, so the two never disagree.
	 * @return whether the checklist changed
	 */
	private boolean nextStep(Speaker speaker, String text, long atMs) {
		this.nextSteps.add(new CallSummary.NextStep(speaker.wireName(), text, atMs));
		return this.checklistDone.putIfAbsent(NEXT_STEPS, atMs) == null;
	}

	/** The checklist as it stands, in playbook order. */
	synchronized List<ChecklistItem> checklist() {
		return checklist(this.playbook.get());
	}

	/** The last few final utterances, oldest first (context for the LLM source). */
	synchronized List<TranscriptSegment> recentTranscript() {
		return List.copyOf(this.recent);
	}

	/** After the stream ended: what happened, for the summary card and the webhook. */
	synchronized CallSummary.Summary summary() {
		long agentMs = this.tracks.get(Speaker.AGENT).talkMs;
		long customerMs = this.tracks.get(Speaker.CUSTOMER).talkMs;
		List<CallSummary.SummaryHint> hintList = new ArrayList<>();
		Map<String, Integer> counts = new LinkedHashMap<>();
		for (Hint h : this.hints) {
			hintList.add(CallSummary.SummaryHint.of(h));
			counts.merge(h.id(), 1, Integer::sum);
		}
		return new CallSummary.Summary(this.callSid, this.endMs, agentMs, customerMs, talkRatio(agentMs, customerMs),
				List.copyOf(hintList), java.util.Collections.unmodifiableMap(counts), checklist(this.playbook.get()),
				this.questions.stream().map(AskedQuestion::asked).toList(), List.copyOf(this.nextSteps));
	}

	/** Records a hint from another source (the LLM) so the summary lists it. */
	synchronized void record(Hint hint) {
		this.hints.add(hint);
	}

	/** Whether to ask the LLM now: one request at a time per call, at least minIntervalMs of stream apart. */
	synchronized boolean claimLlmTurn(long atMs, long minIntervalMs) {
		if (this.llmInFlight || (this.llmLastMs >= 0 && atMs - this.llmLastMs < minIntervalMs)) {
			return false;
		}
		this.llmInFlight = true;
		this.llmLastMs = atMs;
		return true;
	}

	synchronized void llmDone() {
		this.llmInFlight = false;
	}

	synchronized List<Hint> hints() {
		return List.copyOf(this.hints);
	}

	private boolean allow(Playbook.Entry entry, long atMs) {
		Long last = this.lastFired.get(entry.id());
		if (last != null && atMs - last < entry.cooldownMs()) {
			return false;
		}
		return entry.maxPerCall() <= 0 || this.fireCounts.getOrDefault(entry.id(), 0) < entry.maxPerCall();
	}

	private Hint fire(Hint hint) {
		this.lastFired.put(hint.id(), hint.atMs());
		this.fireCounts.merge(hint.id(), 1, Integer::sum);
		this.hints.add(hint);
		return hint;
	}

	private List<Hint> fireRule(HintMatcher matcher, Playbook.Rule rule, long atMs, String trigger) {
		Playbook.Entry entry = matcher.playbook().rule(rule);
		if (entry == null || !allow(entry, atMs)) {
			return List.of();
		}
		return List.of(fire(entry.hint(atMs, trigger)));
	}

	private void agentSpoke(long atMs) {
		if (this.pending != null && atMs > this.pending.segment.endMs()) {
			this.pending.agentSpoke = true;
		}
	}

	/** The agent's final after a customer question: does it address the question? */
	private List<Hint> judgeAnswer(HintMatcher matcher, Utterance reply, TranscriptSegment segment) {
		PendingQuestion q = this.pending;
		if (q == null || segment.startMs() < q.segment.endMs() || reply.size() == 0) {
			return List.of();
		}
		if (reply.size() <= 2 && ACKNOWLEDGEMENTS.containsAll(reply.words())) {
			return List.of(); // "okay", "right": the answer may still come
		}
		Set<String> overlap = new HashSet<>(q.utterance.topics());
		overlap.retainAll(reply.topics());
		boolean answered = !overlap.isEmpty() || opensWithAnswer(reply.words());
		this.pending = null;
		q.record.answered = answered;
		if (answered) {
			return List.of();
		}
		return fireRule(matcher, Playbook.Rule.UNANSWERED_QUESTION, segment.endMs(),
				"customer asked: " + q.segment.text());
	}

	private static boolean opensWithAnswer(List<String> words) {
		for (int n = 1; n <= Math.min(5, words.size()); n++) {
			if (ANSWER_OPENERS.contains(String.join(" ", words.subList(0, n)))) {
				return true;
			}
		}
		return false;
	}

	private List<Hint> timeRules(HintMatcher matcher, long nowMs) {
		List<Hint> out = new ArrayList<>();
		Playbook.Entry disclosure = matcher.playbook().rule(Playbook.Rule.RECORDING_DISCLOSURE);
		if (disclosure != null && !this.disclosed && nowMs >= disclosure.param("within-seconds", 30) * 1000) {
			out.addAll(fireRule(matcher, Playbook.Rule.RECORDING_DISCLOSURE, nowMs,
					"no recording disclosure in the first " + (long) disclosure.param("within-seconds", 30) + " s"));
		}
		Playbook.Entry ratio = matcher.playbook().rule(Playbook.Rule.TALK_RATIO);
		if (ratio != null
				&& nowMs >= ratio.param("after-seconds", CoachingSettings.DEFAULT_TALK_RATIO_AFTER_SECONDS) * 1000) {
			long agentMs = this.tracks.get(Speaker.AGENT).talkMs;
			long customerMs = this.tracks.get(Speaker.CUSTOMER).talkMs;
			double r = ratio(agentMs, customerMs);
			if (agentMs + customerMs > 0 && r > ratio.param("ratio", CoachingSettings.DEFAULT_TALK_RATIO)) {
				out.addAll(fireRule(matcher, Playbook.Rule.TALK_RATIO, nowMs,
						"agent " + Math.round(r * 100) + "% of talk time"));
			}
		}
		Playbook.Entry unanswered = matcher.playbook().rule(Playbook.Rule.UNANSWERED_QUESTION);
		PendingQuestion q = this.pending;
		if (unanswered != null && q != null && !q.agentSpoke) {
			long customerLast = Math.max(q.segment.endMs(), this.tracks.get(Speaker.CUSTOMER).lastVoicedMs);
			long waitMs = (long) (unanswered.param("seconds", 10) * 1000);
			if (nowMs - customerLast > waitMs) {
				this.pending = null;
				q.record.answered = false;
				out.addAll(fireRule(matcher, Playbook.Rule.UNANSWERED_QUESTION, nowMs,
						"no answer " + waitMs / 1000 + " s after: " + q.segment.text()));
			}
		}
		return out;
	}

	private List<Hint> monologue(HintMatcher matcher, long nowMs, long step) {
		Playbook.Entry rule = matcher.playbook().rule(Playbook.Rule.MONOLOGUE);
		if (rule == null) {
			return List.of();
		}
		long pauseMs = (long) (rule.param("pause-seconds", 2) * 1000);
		if (this.monologueStartMs < 0 || nowMs - this.monologueLastMs > pauseMs) {
			this.monologueStartMs = nowMs - step;
			this.monologueFired = false;
		}
		this.monologueLastMs = nowMs;
		return checkMonologue(matcher, rule, nowMs);
	}

	private List<Hint> monologueFromSegment(HintMatcher matcher, TranscriptSegment segment) {
		Playbook.Entry rule = matcher.playbook().rule(Playbook.Rule.MONOLOGUE);
		if (rule == null) {
			return List.of();
		}
		if (segment.speaker() == Speaker.CUSTOMER) {
			this.monologueStartMs = -1;
			return List.of();
		}
		long pauseMs = (long) (rule.param("pause-seconds", 2) * 1000);
		if (this.monologueStartMs < 0 || segment.startMs() - this.monologueLastMs > pauseMs) {
			this.monologueStartMs = segment.startMs();
			this.monologueFired = false;
		}
		this.monologueLastMs = segment.endMs();
		return checkMonologue(matcher, rule, segment.endMs());
	}

	private List<Hint> checkMonologue(HintMatcher matcher, Playbook.Entry rule, long nowMs) {
		long lengthMs = nowMs - this.monologueStartMs;
		long limitMs = (long) (rule.param("seconds", CoachingSettings.DEFAULT_MONOLOGUE_SECONDS) * 1000);
		if (!this.monologueFired && lengthMs > limitMs) {
			List<Hint> out = fireRule(matcher, Playbook.Rule.MONOLOGUE, nowMs,
					"agent talking for " + lengthMs / 1000 + " s without a pause");
			this.monologueFired = !out.isEmpty();
			return out;
		}
		return List.of();
	}

	/** Silence = both tracks have reported progress past the last voiced moment of either speaker. */
	private List<Hint> silence(HintMatcher matcher) {
		Playbook.Entry rule = matcher.playbook().rule(Playbook.Rule.LONG_SILENCE);
		if (rule == null || !this.started || !this.silenceArmed) {
			return List.of();
		}
		long heardUpTo = Long.MAX_VALUE; // the slower track bounds what we know
		long lastVoice = -1;
		for (Track t : this.tracks.values()) {
			if (t.progressSeen) {
				heardUpTo = Math.min(heardUpTo, t.progressMs);
			}
			lastVoice = Math.max(lastVoice, t.lastVoicedMs);
		}
		long quietMs = heardUpTo - lastVoice;
		if (heardUpTo != Long.MAX_VALUE && lastVoice >= 0 && quietMs > rule.param("seconds", 8) * 1000) {
			this.silenceArmed = false;
			return fireRule(matcher, Playbook.Rule.LONG_SILENCE, heardUpTo, "nobody spoke for " + quietMs / 1000 + " s");
		}
		return List.of();
	}

	/** Text-only replay: a gap between finals longer than the threshold was a silence. */
	private List<Hint> silenceFromGap(HintMatcher matcher, long nextStartMs) {
		Playbook.Entry rule = matcher.playbook().rule(Playbook.Rule.LONG_SILENCE);
		long gapMs = nextStartMs - this.lastSpeechEndMs;
		if (rule == null || gapMs <= rule.param("seconds", 8) * 1000) {
			return List.of();
		}
		long atMs = this.lastSpeechEndMs + (long) (rule.param("seconds", 8) * 1000);
		return fireRule(matcher, Playbook.Rule.LONG_SILENCE, atMs, "nobody spoke for " + gapMs / 1000 + " s");
	}

	private boolean noProgress() {
		return this.tracks.values().stream().noneMatch(t -> t.progressSeen);
	}

	private long now() {
		long now = 0;
		for (Track t : this.tracks.values()) {
			now = Math.max(now, t.progressMs);
		}
		return now;
	}

	private CoachingMetrics.Data metrics(long atMs) {
		this.lastMetricsMs = atMs;
		long agentMs = this.tracks.get(Speaker.AGENT).talkMs;
		long customerMs = this.tracks.get(Speaker.CUSTOMER).talkMs;
		return new CoachingMetrics.Data(atMs, agentMs, customerMs, talkRatio(agentMs, customerMs),
				(this.monologueStartMs >= 0 && atMs - this.monologueLastMs <= 2_000)
						? this.monologueLastMs - this.monologueStartMs : 0);
	}

	private List<ChecklistItem> checklist(HintMatcher matcher) {
		List<ChecklistItem> out = new ArrayList<>();
		for (Playbook.ChecklistItem item : matcher.playbook().checklist()) {
			Long at = this.checklistDone.get(item.id());
			out.add(new ChecklistItem(item.id(), item.label(), at != null, at));
		}
		return out;
	}

	/** The agent's share of talk time, or {@code null} while nobody has talked (not "0 %, customer 100 %"). */
	private static Double talkRatio(long agentMs, long customerMs) {
		return (agentMs + customerMs == 0) ? null : ratio(agentMs, customerMs);
	}

	private static double ratio(long agentMs, long customerMs) {
		long total = agentMs + customerMs;
		return (total == 0) ? 0 : Math.round(1000.0 * agentMs / total) / 1000.0;
	}

	/**
	 * What one callback produced.
	 *
	 * @param hints hints that fired, in priority order
	 * @param checklist the whole checklist when an item was just ticked, else {@code null}
	 * @param metrics talk-time numbers when due, else {@code null}
	 */
	record Step(List<Hint> hints, List<ChecklistItem> checklist, CoachingMetrics.Data metrics) {
	}

	/** A final's step and the entries its utterance fired (partials and the final's own matches). */
	record FinalStep(Step step, Set<String> firedForUtterance) {
	}

	/** A customer question as the summary will list it; whether it was answered is learnt later. */
	private static final class AskedQuestion {

		final String text;

		final long atMs;

		/** {@code null} until the agent replied (or silence said no). */
		Boolean answered;

		AskedQuestion(String text, long atMs) {
			this.text = text;
			this.atMs = atMs;
		}

		CallSummary.Question asked() {
			return new CallSummary.Question(this.text, this.atMs, this.answered);
		}

	}

	/** Partial-matching state of the utterance a speaker is in the middle of. */
	private static final class UtteranceState {

		final Set<String> fired = new HashSet<>();

		Set<String> matchedLastPartial = Set.of();

		/** Exact matches of the latest partial that wait only for their last word to be confirmed. */
		List<HintMatcher.EntryMatch> waitingForSilence = List.of();

		/** The latest partial's words (a hint settled by silence fired on them). */
		String partialText;

	}

	/** Talk time and progress of one speaker's track. */
	private static final class Track {

		boolean progressSeen;

		long progressMs;

		long lastVoicedMs = -1;

		long talkMs;

	}

	/** The customer's latest question, waiting for the agent. */
	private static final class PendingQuestion {

		final Utterance utterance;

		final TranscriptSegment segment;

		final AskedQuestion record;

		boolean agentSpoke;

		PendingQuestion(Utterance utterance, TranscriptSegment segment, AskedQuestion record) {
			this.utterance = utterance;
			this.segment = segment;
			this.record = record;
		}

	}

}
