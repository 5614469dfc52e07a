package com.talkhint.hint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.talkhint.audio.Speaker;

/**
 * A playbook compiled for matching. A trigger phrase becomes a list of slots (its content words); a slot is
 * satisfied by a word of the utterance that has the same stem as the slot word or one of its synonyms
 * (exact), or sounds like one of them (fuzzy, for recogniser errors). A trigger matches when every slot is
 * satisfied by distinct words within a window of the utterance, in order if the entry asks for it, and at least
 * one slot is satisfied exactly.
 */
final class HintMatcher {

	/** Words that negate what follows them (contractions are expanded first: "don't" is "do not"). */
	private static final Set<String> NEGATORS = Set.of("not", "never");

	/** How many words before a trigger's first word a negation still applies to it. */
	private static final int NEGATION_REACH = 3;

	private final Playbook playbook;

	private final List<CompiledEntry> entries;

	private final List<CompiledItem> checklist;

	private final List<Trigger> disclosure;

	/** Per entry id: words a veto can span after a match (see {@link #vetoReach}). */
	private final Map<String, Integer> vetoReach = new java.util.HashMap<>();

	/** The competitor list as trigger phrases ({@link #competitorTriggers}), when an entry listens for it. */
	private final Set<String> listedNames = new java.util.HashSet<>();

	HintMatcher(Playbook playbook) {
		this.playbook = playbook;
		this.entries = new ArrayList<>();
		List<Trigger> disclosure = List.of();
		for (Playbook.Entry e : playbook.entries()) {
			// a question is still a question when negated ("don't you integrate with HubSpot?")
			List<String> phrases = new ArrayList<>(e.triggers());
			if (e.matchCompetitors()) {
				List<String> names = competitorTriggers(playbook);
				phrases.addAll(names);
				this.listedNames.addAll(names);
			}
			List<Trigger> triggers = located(() -> compile(phrases, e.window(), e.inOrder(), !e.question(), playbook,
					e.id()), e.id(), "triggers");
			if (e.rule() == Playbook.Rule.PHRASE) {
				// a veto is a specific phrase: its words in order, close together (window -1 = tight)
				List<Trigger> vetoes = located(() -> compile(e.doNotTrigger(), -1, true, false, playbook, e.id()), e.id(),
						"do-not-trigger");
				this.entries.add(new CompiledEntry(e, triggers, vetoes));
				this.vetoReach.put(e.id(), vetoes.stream().mapToInt((v) -> v.window() - 1).max().orElse(0));
			}
			else if (e.rule() == Playbook.Rule.RECORDING_DISCLOSURE) {
				disclosure = triggers;
			}
		}
		this.disclosure = disclosure;
		this.checklist = new ArrayList<>();
		for (Playbook.ChecklistItem item : playbook.checklist()) {
			this.checklist.add(new CompiledItem(item, compile(item.triggers(), 0, false, false, playbook, item.id())));
		}
	}

	Playbook playbook() {
		return this.playbook;
	}

	/** Whether a match is a name on the playbook's competitor list, heard exactly (no sound-alike). */
	boolean listedCompetitor(Match m) {
		return m.exact() && this.listedNames.contains(m.phrase());
	}

	/** Runs a compile step, pointing a failure at the entry's field in the YAML. */
	private static List<Trigger> located(java.util.function.Supplier<List<Trigger>> compile, String id, String field) {
		try {
			return compile.get();
		}
		catch (PlaybookException ex) {
			if (!ex.location().isEmpty()) {
				throw ex;
			}
			throw new PlaybookException(ex.getMessage(), List.of("entries", "#id:" + id, field));
		}
	}

	/**
	 * The competitor list as trigger phrases: a one-word name as itself (a sound-alike never matches a one-word
	 * trigger alone), a longer one as an idiom, its words in order and close together ("= zen desk").
	 */
	static List<String> competitorTriggers(Playbook playbook) {
		List<String> out = new ArrayList<>();
		for (Playbook.Competitor c : playbook.competitors()) {
			for (String form : c.forms()) {
				List<String> words = new ArrayList<>(TextNormalizer.words(form));
				words.removeIf(Utterance.STOPWORDS::contains);
				if (words.isEmpty()) {
					throw new PlaybookException("playbook " + playbook.source() + ": competitors: '" + form
							+ "' has no words to listen for", List.of("competitors"));
				}
				out.add((words.size() == 1) ? words.get(0) : "= " + String.join(" ", words));
			}
		}
		return out;
	}

	/** Phrase entries that match, highest priority first (scope, question and do-not-trigger applied). */
	List<EntryMatch> match(Utterance u, Speaker speaker) {
		List<EntryMatch> out = new ArrayList<>();
		if (u.size() == 0) {
			return out;
		}
		for (CompiledEntry ce : this.entries) {
			Playbook.Entry e = ce.entry();
			if (!e.scope().includes(speaker) || (e.question() && !u.mayBeQuestion())) {
				continue;
			}
			Match m = best(ce.triggers(), u);
			if (m != null && !vetoed(ce, u)) {
				out.add(new EntryMatch(e, m));
			}
		}
		return out;
	}

	/**
	 * Why each phrase entry did or did not fire on {@code u}: its match, or what stopped it (speaker scope, not a
	 * question, a negated trigger, a veto). For {@code POST /api/hints/try} and for the meaning path, which
	 * obeys the same scope, negation and vetoes. Slower than {@link #match}: not for partials.
	 */
	List<Verdict> explain(Utterance u, Speaker speaker) {
		List<Verdict> out = new ArrayList<>();
		for (CompiledEntry ce : this.entries) {
			Playbook.Entry e = ce.entry();
			Match veto = (u.size() == 0) ? null : best(ce.vetoes(), u);
			Match m = (u.size() == 0) ? null : best(ce.triggers(), u);
			if (!e.scope().includes(speaker)) {
				out.add(new Verdict(e, m, Block.SPEAKER, "listens to the " + e.scope().name().toLowerCase(java.util.Locale.ROOT)
						+ " only, not the " + speaker.wireName()));
			}
			else if (e.question() && !u.mayBeQuestion()) {
				out.add(new Verdict(e, m, Block.NOT_A_QUESTION, "answers questions only; this is a statement"));
			}
			else if (veto != null && veto.exact()) {
				out.add(new Verdict(e, m, Block.VETO, "do-not-trigger '" + veto.phrase() + "' (\"" + veto.words() + "\")"));
			}
			else if (m != null) {
				out.add(new Verdict(e, m, null, null));
			}
			else {
				Match negated = null;
				for (Trigger t : ce.triggers()) {
					Match any = (t.negatable() && u.size() > 0) ? t.matchAnywhere(u) : null;
					if (any != null && (negated == null || any.better(negated))) {
						negated = any;
					}
				}
				out.add((negated != null) ? new Verdict(e, null, Block.NEGATION,
						"negated: '" + negated.phrase() + "' (\"" + negated.words() + "\")") : new Verdict(e, null, null, null));
			}
		}
		return out;
	}

	/**
	 * One entry's outcome on an utterance: {@code match} when a trigger matched, else {@code block} and why
	 * when something stopped it, else neither (no trigger came close).
	 */
	record Verdict(Playbook.Entry entry, Match match, Block block, String reason) {
	}

	/**
	 * Entries that the best reading {@code u} does not match but one of the recogniser's other readings of the
	 * same audio does, by stem or synonym only (a sound-alike in a reading the recogniser itself ranked lower
	 * is too weak), and that no reading vetoes: "we can justify that" is the best reading of "we can't justify
	 * that", the second reading has the "can't".
	 */
	List<EntryMatch> matchAlternatives(Utterance u, List<Utterance> alternatives, Speaker speaker) {
		if (alternatives.isEmpty()) {
			return List.of();
		}
		return matchAlternatives(u, match(u, speaker), alternatives, speaker);
	}

	/** The same, given what the best reading matched already ({@link #match} of {@code u}). */
	List<EntryMatch> matchAlternatives(Utterance u, List<EntryMatch> bestMatches, List<Utterance> alternatives,
			Speaker speaker) {
		List<EntryMatch> out = new ArrayList<>();
		if (alternatives.isEmpty()) {
			return out;
		}
		Set<String> already = new java.util.HashSet<>();
		bestMatches.forEach(m -> already.add(m.entry().id()));
		for (CompiledEntry ce : this.entries) {
			Playbook.Entry e = ce.entry();
			if (already.contains(e.id()) || !e.scope().includes(speaker) || vetoed(ce, u)) {
				continue;
			}
			for (Utterance alt : alternatives) {
				if (e.question() && !alt.mayBeQuestion() && !u.mayBeQuestion()) {
					continue;
				}
				Match m = best(ce.triggers(), alt);
				if (m != null && m.exact() && !vetoed(ce, alt)) {
					out.add(new EntryMatch(e, m));
					break;
				}
			}
		}
		return out;
	}

	/**
	 * How many words after a match must have been heard before none of the entry's vetoes can still complete
	 * (a veto's words sit within its window); 0 for an entry without vetoes.
	 */
	int vetoReach(String entryId) {
		return this.vetoReach.getOrDefault(entryId, 0);
	}

	/** Ids of checklist items the utterance says. */
	List<String> checklistItems(Utterance u) {
		List<String> out = new ArrayList<>();
		for (CompiledItem item : this.checklist) {
			if (best(item.triggers(), u) != null) {
				out.add(item.item().id());
			}
		}
		return out;
	}

	/** Whether the utterance tells the other party that the call is recorded. */
	boolean disclosesRecording(Utterance u) {
		return best(this.disclosure, u) != null;
	}

	/**
	 * Whether a do-not-trigger phrase is said, word for word (by stem or synonym): a sound-alike would let "we
	 * sent it over" veto "send it over".
	 */
	private static boolean vetoed(CompiledEntry ce, Utterance u) {
		Match veto = best(ce.vetoes(), u);
		return veto != null && veto.exact();
	}

	private static Match best(List<Trigger> triggers, Utterance u) {
		Match best = null;
		for (Trigger t : triggers) {
			Match m = t.match(u);
			if (m != null && (best == null || m.better(best))) {
				best = m;
			}
		}
		return best;
	}

	private static List<Trigger> compile(List<String> phrases, int window, boolean inOrder, boolean negatable,
			Playbook playbook, String owner) {
		List<Trigger> out = new ArrayList<>();
		for (String phrase : phrases) {
			// "= at|for that|this price": an idiom, its words in order and close together
			boolean tight = phrase.trim().startsWith("=");
			String words = tight ? phrase.trim().substring(1) : phrase;
			List<Slot> slots = new ArrayList<>();
			List<Slot> all = new ArrayList<>();
			for (String raw : words.trim().split("\\s+")) {
				if (raw.startsWith("@") || raw.contains("|")) {
					Slot slot = slot(List.of(raw.split("\\|")), playbook, owner, phrase);
					slots.add(slot);
					all.add(slot);
					continue;
				}
				for (String word : TextNormalizer.words(raw)) {
					Slot slot = slot(List.of(word), playbook, owner, phrase);
					all.add(slot);
					if (!Utterance.STOPWORDS.contains(word)) {
						slots.add(slot);
					}
				}
			}
			List<Slot> used = slots.isEmpty() ? all : slots; // "so it is" has only function words: keep them
			if (used.isEmpty()) {
				throw new PlaybookException(
						"playbook " + playbook.source() + ": '" + owner + "': trigger '" + phrase + "' has no words");
			}
			if (used.size() == 1 && all.size() > 1) {
				// "@decide then" would silently become the one-word trigger "@decide"
				throw new PlaybookException("playbook " + playbook.source() + ": '" + owner + "': trigger '" + phrase
						+ "' keeps a single word: the others are function words, which are ignored; put one in an"
						+ " a|b list to keep it (\"then|afterwards\"), or write the single word alone");
			}
			int w = tight ? used.size() + 2
					: (window > 0) ? window : (window < 0) ? used.size() + 3 : Math.max(4, 3 * used.size());
			boolean saysNot = used.stream().anyMatch(Slot::negates);
			out.add(new Trigger(phrase, List.copyOf(used), Math.max(w, used.size()), inOrder || tight,
					negatable && !saysNot, tight));
		}
		return out;
	}

	/**
	 * A slot accepting the given words. A word that names a synonym group also accepts the group's words;
	 * {@code @name} accepts the group's name and words. Membership does not expand back, so "vendor" in the
	 * competitor group does not make every "vendor" a competitor.
	 */
	private static Slot slot(List<String> words, Playbook playbook, String owner, String phrase) {
		Map<String, List<String>> synonyms = playbook.synonyms();
		Set<String> texts = new LinkedHashSet<>();
		for (String word : words) {
			if (word.startsWith("@")) {
				String name = word.substring(1).toLowerCase(java.util.Locale.ROOT);
				List<String> group = synonyms.get(name);
				if (group == null) {
					throw new PlaybookException("playbook " + playbook.source() + ": '" + owner + "': trigger '"
							+ phrase + "' uses " + word + " but synonyms has no group '" + name + "'");
				}
				texts.add(name);
				group.forEach(g -> texts.add(g.toLowerCase(java.util.Locale.ROOT)));
				continue;
			}
			String w = String.join("", TextNormalizer.words(word));
			if (w.isEmpty()) {
				continue;
			}
			texts.add(w);
			List<String> group = synonyms.get(w);
			if (group != null) {
				group.forEach(g -> texts.add(g.toLowerCase(java.util.Locale.ROOT)));
			}
		}
		List<Alt> alts = new ArrayList<>();
		for (String t : texts) {
			alts.add(new Alt(t, PorterStemmer.stem(t)));
		}
		return new Slot(List.copyOf(alts));
	}

	/** A phrase entry with its compiled triggers and vetoes. */
	private record CompiledEntry(Playbook.Entry entry, List<Trigger> triggers, List<Trigger> vetoes) {
	}

	/** A checklist item with its compiled triggers. */
	private record CompiledItem(Playbook.ChecklistItem item, List<Trigger> triggers) {
	}

	/** An entry that matched an utterance, and how. */
	record EntryMatch(Playbook.Entry entry, Match match) {
	}

	/** One spelling a slot accepts. */
	private record Alt(String text, String stem) {
	}

	/** One content word of a trigger and everything that counts as saying it. */
	private record Slot(List<Alt> alts) {

		/** Whether the slot is itself a negation ("not @renew"): such a trigger is about the negated words. */
		boolean negates() {
			return this.alts.stream().anyMatch((alt) -> NEGATORS.contains(alt.text()));
		}

		/** 2 exact, 1 fuzzy, 0 no — for the word at index i. */
		int quality(Utterance u, int i) {
			String word = u.words().get(i);
			String stem = u.stems().get(i);
			for (Alt alt : this.alts) {
				if (alt.text().equals(word) || alt.stem().equals(stem)) {
					return 2;
				}
			}
			for (Alt alt : this.alts) {
				if (Phonetic.soundsLike(word, alt.text()) || (stem.length() >= 4 && Phonetic.soundsLike(stem, alt.stem()))) {
					return 1;
				}
			}
			return 0;
		}

		/** Whether words i and i+1 run together sound like one of the slot's words ("budge it" → budget). */
		boolean joined(Utterance u, int i) {
			if (i + 1 >= u.size()) {
				return false;
			}
			String joined = u.joined(i);
			for (Alt alt : this.alts) {
				if (alt.text().length() >= 5 && Phonetic.soundsLike(joined, alt.text())) {
					return true;
				}
			}
			return false;
		}

	}

	/**
	 * A compiled trigger phrase. A negatable trigger does not match where a negation comes just before its
	 * words or among them ("please do not cancel my session", "I never asked to speak to a manager", "the
	 * price is not too high"), unless the trigger itself says "not" ("not @renew"). An idiom ("= pull plug") is
	 * matched by its own words only, never by sound-alikes ("up later" is not "up the ladder").
	 */
	private record Trigger(String phrase, List<Slot> slots, int window, boolean inOrder, boolean negatable,
			boolean idiom) {

		Match match(Utterance u) {
			Match m = matchAnywhere(u);
			return (m != null && this.negatable && negated(u, m.first(), m.last())) ? null : m;
		}

		/**
		 * A negation just before the matched words or among them ("the price is not too high"); "why don't you
		 * circle back" is a suggestion, not a negation, and neither is a negation that a time limits ("we won't
		 * decide until March", "not before Q3", "I'm not signing anything till the survey's done": the thing is
		 * put off, not denied).
		 */
		private static boolean negated(Utterance u, int first, int last) {
			List<String> w = u.words();
			if (w.contains("until") || w.contains("till")) {
				return false;
			}
			for (int i = Math.max(0, first - NEGATION_REACH); i <= last; i++) {
				if (NEGATORS.contains(w.get(i)) && !(i >= 2 && w.get(i - 2).equals("why"))
						&& !(i + 1 < w.size() && w.get(i + 1).equals("before"))) {
					return true;
				}
			}
			return false;
		}

		Match matchAnywhere(Utterance u) {
			int n = this.slots.size();
			List<List<int[]>> candidates = new ArrayList<>(n); // per slot: {first, last, quality}
			for (Slot slot : this.slots) {
				List<int[]> c = new ArrayList<>();
				for (int i = 0; i < u.size(); i++) {
					int q = slot.quality(u, i);
					if (q > 0) {
						c.add(new int[] { i, i, q });
					}
					else if (slot.joined(u, i)) {
						c.add(new int[] { i, i + 1, 1 });
					}
				}
				if (c.isEmpty()) {
					return null;
				}
				candidates.add(c);
			}
			Search search = new Search(this, u, candidates);
			search.run(0, new int[n][]);
			return search.best;
		}

	}

	/** Backtracking over slot candidates: fewest fuzzy words, then tightest span, then earliest end. */
	private static final class Search {

		private final Trigger trigger;

		private final Utterance u;

		private final List<List<int[]>> candidates;

		private Match best;

		Search(Trigger trigger, Utterance u, List<List<int[]>> candidates) {
			this.trigger = trigger;
			this.u = u;
			this.candidates = candidates;
		}

		void run(int slot, int[][] chosen) {
			if (slot == chosen.length) {
				consider(chosen);
				return;
			}
			for (int[] c : this.candidates.get(slot)) {
				if (overlaps(c, chosen, slot)) {
					continue;
				}
				if (this.trigger.inOrder() && slot > 0 && c[0] <= chosen[slot - 1][1]) {
					continue;
				}
				chosen[slot] = c;
				run(slot + 1, chosen);
			}
		}

		private static boolean overlaps(int[] c, int[][] chosen, int upTo) {
			for (int k = 0; k < upTo; k++) {
				if (c[0] <= chosen[k][1] && chosen[k][0] <= c[1]) {
					return true;
				}
			}
			return false;
		}

		private void consider(int[][] chosen) {
			int first = Integer.MAX_VALUE;
			int last = -1;
			int fuzzy = 0;
			for (int[] c : chosen) {
				first = Math.min(first, c[0]);
				last = Math.max(last, c[1]);
				fuzzy += (c[2] == 1) ? 1 : 0;
			}
			// a sound-alike may stand in for some of a trigger's words, never for all of them: "going" sounds like
			// the brand "Gong" and "our call" like "Aircall", and nothing else in those sentences says so
			boolean tooFuzzy = fuzzy == chosen.length || (this.trigger.idiom() && fuzzy > 0);
			if (last - first + 1 > this.trigger.window() || tooFuzzy) {
				return;
			}
			List<Integer> positions = new ArrayList<>();
			for (int[] c : chosen) {
				for (int i = c[0]; i <= c[1]; i++) {
					positions.add(i);
				}
			}
			positions.sort(null);
			StringBuilder words = new StringBuilder();
			for (int i : positions) {
				words.append(words.isEmpty() ? "" : " ").append(this.u.words().get(i));
			}
			Match m = new Match(this.trigger.phrase(), words.toString(), first, last, fuzzy, chosen.length);
			if (this.best == null || m.better(this.best)) {
				this.best = m;
			}
		}

	}

	/**
	 * How a trigger matched.
	 *
	 * @param phrase the playbook phrase
	 * @param words the utterance's words that matched, in spoken order
	 * @param first index of the first matched word
	 * @param last index of the last matched word
	 * @param fuzzy how many slots matched only by sound or spelling, not by stem or synonym
	 * @param slots how many content words the trigger has (1: a single word, weak evidence on its own)
	 */
	record Match(String phrase, String words, int first, int last, int fuzzy, int slots) {

		boolean exact() {
			return this.fuzzy == 0;
		}

		boolean better(Match other) {
			if (this.fuzzy != other.fuzzy) {
				return this.fuzzy < other.fuzzy;
			}
			int span = this.last - this.first;
			int otherSpan = other.last - other.first;
			if (span != otherSpan) {
				return span < otherSpan;
			}
			return this.last < other.last;
		}

	}

}
