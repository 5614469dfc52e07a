package com.talkhint.hint;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One utterance (partial or final) prepared for matching: its normalised words with their stems, and whether
 * it is worded as a question. Recognisers emit no punctuation, so questions are told by their wording: a
 * question word or an inverted auxiliary ("do you", "is my") at the start of a clause.
 */
final class Utterance {

	/** Function words left out of trigger phrases and of topic overlap; pronouns and negations stay. */
	static final Set<String> STOPWORDS = Set.of("a", "an", "the", "is", "are", "was", "were", "am", "be", "been",
			"being", "it", "its", "that", "this", "these", "those", "of", "to", "so", "just", "really", "very",
			"quite", "um", "uh", "and", "or", "for", "on", "in", "at", "with", "as", "by", "from", "then", "there",
			"ok", "oh", "well", "like", "actually", "basically", "honestly");

	private static final Set<String> WH = Set.of("what", "when", "where", "who", "whom", "whose", "why", "how",
			"which");

	private static final Set<String> AUX = Set.of("do", "does", "did", "is", "are", "was", "were", "can", "could",
			"would", "will", "should", "have", "has", "may", "might", "shall", "much", "many", "long", "often",
			"soon", "about", "exactly");

	private static final Set<String> SUBJECTS = Set.of("you", "we", "i", "it", "they", "there", "this", "that",
			"your", "the", "he", "she", "my", "our", "these", "those", "a", "an", "anyone", "someone", "any");

	// words after which a new clause (and so possibly a question) starts
	private static final Set<String> CLAUSE = Set.of("and", "but", "so", "ok", "also", "well", "then", "um", "uh",
			"hi", "hello", "yeah", "yes", "no", "right", "sure", "great", "thanks", "anyway", "because", "alright");

	private static final Set<String> FIRST_PERSON = Set.of("i", "we", "my", "our", "us");

	private static final Set<String> NOT_A_QUESTION_BEFORE_AUX = Set.of("i", "we", "they", "you", "he", "she",
			"if", "who", "which");

	private final String text;

	private final List<String> words;

	private final List<String> stems;

	private final boolean question;

	/** Word i and word i + 1 run together ("budge" "it" → "budgeit"), for sound-alikes of one longer word. */
	private final List<String> pairs;

	Utterance(String text) {
		this.text = text;
		this.words = TextNormalizer.words(text);
		List<String> s = new ArrayList<>(this.words.size());
		for (String w : this.words) {
			s.add(PorterStemmer.stem(w));
		}
		this.stems = List.copyOf(s);
		this.question = detectQuestion(this.words);
		List<String> p = new ArrayList<>(Math.max(0, this.words.size() - 1));
		for (int i = 0; i + 1 < this.words.size(); i++) {
			p.add(this.words.get(i) + this.words.get(i + 1));
		}
		this.pairs = List.copyOf(p);
	}

	String text() {
		return this.text;
	}

	List<String> words() {
		return this.words;
	}

	List<String> stems() {
		return this.stems;
	}

	int size() {
		return this.words.size();
	}

	/** Words i and i + 1 written as one (i + 1 &lt; {@link #size()}): each trigger slot compares them. */
	String joined(int i) {
		return this.pairs.get(i);
	}

	boolean isQuestion() {
		return this.question;
	}

	/**
	 * Whether a knowledge answer may treat this as a question: a detected question, or anything but a
	 * first-person statement. The recogniser drops the unstressed auxiliary that makes a question ("do you
	 * integrate with hubspot" is heard "you integrate with hubspot", "is our data encrypted" as "our data
	 * encrypted"), while "we already use salesforce" is the customer telling, not asking.
	 */
	boolean mayBeQuestion() {
		if (this.question) {
			return true;
		}
		for (String w : this.words) {
			if (CLAUSE.contains(w)) {
				continue;
			}
			return !FIRST_PERSON.contains(w);
		}
		return false;
	}

	/** Stems of the content words: what the utterance is about, for topic overlap. */
	Set<String> topics() {
		Set<String> out = new LinkedHashSet<>();
		for (int i = 0; i < this.words.size(); i++) {
			String w = this.words.get(i);
			if (w.length() > 2 && !STOPWORDS.contains(w) && !WH.contains(w) && !AUX.contains(w)
					&& !SUBJECTS.contains(w) && !Set.of("me", "us", "them", "not", "any", "get", "need").contains(w)) {
				out.add(this.stems.get(i));
			}
		}
		return out;
	}

	static boolean detectQuestion(List<String> w) {
		for (int i = 0; i < w.size(); i++) {
			boolean clauseStart = i == 0 || CLAUSE.contains(w.get(i - 1));
			String word = w.get(i);
			String next = (i + 1 < w.size()) ? w.get(i + 1) : null;
			String after = (i + 2 < w.size()) ? w.get(i + 2) : null;
			if (WH.contains(word) && next != null) {
				// "how much", "what is the", "when would you" — not "when we tried it" (a conjunction)
				if (clauseStart && (AUX.contains(next) || (after != null && AUX.contains(after)))) {
					return true;
				}
				if (AUX.contains(next) && after != null && SUBJECTS.contains(after)) {
					return true;
				}
			}
			if (AUX.contains(word) && !Set.of("much", "many", "long", "often", "soon", "about", "exactly")
				.contains(word) && next != null && SUBJECTS.contains(next)) {
				// "do you integrate", "is my data encrypted"; mid-sentence only before "you" ("can you send")
				if (clauseStart) {
					return true;
				}
				if (next.equals("you") && !NOT_A_QUESTION_BEFORE_AUX.contains(w.get(i - 1))) {
					return true;
				}
			}
		}
		int n = w.size();
		if (n >= 2) {
			String last2 = w.get(n - 2) + " " + w.get(n - 1);
			if (Set.of("or not", "is it", "it not", "any idea", "you think").contains(last2)) {
				return true;
			}
		}
		// "you will send it today right" asks; "that is right" answers
		return n >= 3 && (w.get(n - 1).equals("right") || w.get(n - 1).equals("correct"))
				&& !Set.of("is", "that", "all", "exactly", "quite", "not").contains(w.get(n - 2));
	}

}
