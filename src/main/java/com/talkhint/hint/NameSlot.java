package com.talkhint.hint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Brand names nobody listed: in written text a customer's "Grainger can get me that motor by tomorrow" or "we
 * trialled Blackbaud last year" is a competitor mention because of a name the playbook cannot know. The meaning
 * model reads an unknown name as just a word; read with the name replaced by "another company" the same sentence
 * is plainly about a rival. This finds the name-like spans (capitalised words that do not start a sentence or
 * that are not common sentence openers, words with inner capitals, digits or dots such as "Monday.com" or "8x8")
 * and writes the variant. Recogniser output is lowercase, so it has no effect there.
 */
final class NameSlot {

	static final String SLOT = "another company";

	private static final Pattern TOKEN = Pattern.compile("\\S+");

	/** Capitalised words that are ordinary at the start of a sentence, or always (I, days, months, titles). */
	private static final Set<String> ORDINARY = Set.copyOf(List.of("i", "i'm", "i'll", "i've", "i'd", "a", "an", "the", "we",
			"we're", "we've", "we'll", "we'd", "our", "us", "my", "me", "you", "your", "you're", "you've", "yours", "he",
			"she", "it", "it's", "its", "they", "they're", "they've", "their", "them", "this", "that", "that's", "these",
			"those", "there", "there's", "here", "here's", "so", "and", "but", "or", "if", "as", "at", "in", "on", "for",
			"to", "of", "by", "from", "with", "about", "after", "before", "since", "until", "when", "what", "what's",
			"why", "how", "who", "where", "which", "is", "are", "was", "were", "be", "been", "do", "does", "did", "don't",
			"doesn't", "didn't", "can", "can't", "could", "couldn't", "would", "wouldn't", "will", "won't", "should",
			"shall", "may", "might", "must", "have", "has", "had", "no", "not", "yes", "yeah", "yep", "ok", "okay", "oh",
			"um", "uh", "well", "look", "listen", "honestly", "frankly", "basically", "actually", "really", "just",
			"also", "still", "now", "then", "right", "sure", "thanks", "thank", "please", "sorry", "hi", "hello", "hey",
			"funnily", "apparently", "anyway", "anyways", "besides", "plus", "also", "again", "maybe", "perhaps",
			"obviously", "seriously", "truthfully", "personally", "unfortunately", "fortunately", "luckily", "sadly",
			"hopefully", "ideally", "realistically", "technically", "quite", "very", "some", "any", "all", "every",
			"each", "both", "either", "neither", "one", "two", "three", "last", "next", "first", "second", "another",
			"other", "our", "mine", "let's", "let", "give", "tell", "send", "call", "see", "get", "go", "come", "make",
			"take", "put", "keep", "try", "check", "note", "mind", "wait", "hold", "hang", "agreed", "fine", "great",
			"good", "nice", "cool", "fair", "true", "exactly", "absolutely", "definitely", "probably", "possibly",
			"like", "kind", "sort", "much", "many", "more", "most", "less", "few", "lot", "lots", "everyone",
			"everybody", "someone", "somebody", "nobody", "nothing", "something", "everything", "anything", "whatever",
			"whoever", "however", "although", "though", "because", "cause", "unless", "while", "once", "whether",
			"mr", "mrs", "ms", "dr", "sir", "madam", "monday", "tuesday", "wednesday", "thursday", "friday",
			"saturday", "sunday", "january", "february", "march", "april", "june", "july", "august", "september",
			"october", "november", "december", "christmas", "easter", "god", "english", "american", "british",
			"european", "q1", "q2", "q3", "q4", "hr", "it", "ceo", "cfo", "cto", "coo", "vp", "pm", "am", "usa",
			"uk", "us", "eu", "tv", "id", "faq", "no.", "mom", "mum", "dad"));

	private NameSlot() {
	}

	/** The text with each name-like span replaced by {@value #SLOT}, or {@code null} when it has none. */
	static String variant(String text) {
		if (text == null || text.isBlank()) {
			return null;
		}
		List<int[]> spans = new ArrayList<>();
		Matcher m = TOKEN.matcher(text);
		boolean sentenceStart = true;
		int[] open = null;
		while (m.find()) {
			String raw = m.group();
			String word = strip(raw);
			boolean name = !word.isEmpty() && isName(word, sentenceStart);
			if (name) {
				int end = m.start() + raw.indexOf(word) + word.length();
				if (open != null) {
					open[1] = end;
				}
				else {
					open = new int[] { m.start() + raw.indexOf(word), end };
				}
			}
			if (!name || endsClause(raw)) {
				if (open != null) {
					spans.add(open);
					open = null;
				}
			}
			sentenceStart = raw.endsWith(".") || raw.endsWith("!") || raw.endsWith("?") || raw.endsWith(":");
		}
		if (open != null) {
			spans.add(open);
		}
		if (spans.isEmpty()) {
			return null;
		}
		StringBuilder out = new StringBuilder();
		int at = 0;
		for (int[] span : spans) {
			out.append(text, at, span[0]).append(SLOT);
			at = span[1];
		}
		return out.append(text.substring(at)).toString();
	}

	private static boolean isName(String word, boolean sentenceStart) {
		String lower = word.toLowerCase(Locale.ROOT);
		String bare = lower.endsWith("'s") ? lower.substring(0, lower.length() - 2) : lower;
		boolean oddShape = word.length() > 1 && (word.chars().anyMatch(Character::isDigit) && word.chars().anyMatch(Character::isLetter)
				|| word.substring(1).chars().anyMatch(Character::isUpperCase) && word.chars().anyMatch(Character::isLowerCase)
				|| (word.indexOf('.') > 0 && word.indexOf('.') < word.length() - 1 && Character.isLetter(word.charAt(word.length() - 1))));
		if (oddShape) {
			return !ORDINARY.contains(bare);
		}
		if (!Character.isUpperCase(word.charAt(0)) || word.length() < 2 || ORDINARY.contains(bare)) {
			return false;
		}
		// A capital that starts the sentence says nothing by itself ("Cheers, …", "Pricing looks …"); there a word
		// is a name only when it is not a common word ("Grainger can get me …", "Verizon keeps sending me …").
		return !sentenceStart || !Dictionary.common(bare);
	}

	/**
	 * Common words: the whole-word entries of BERT's uncased word-piece vocabulary (30,522 pieces), read from
	 * the e5 tokenizer that ships with the meaning model. A word it does not hold whole is rare in English text,
	 * as brand names are. Without the tokenizer every word counts as common.
	 */
	private static final class Dictionary {

		private static final Set<String> WORDS = load();

		static boolean common(String word) {
			return WORDS.isEmpty() || WORDS.contains(word);
		}

		private static Set<String> load() {
			try (java.io.InputStream in = NameSlot.class.getClassLoader().getResourceAsStream("e5-small-v2-q-tokenizer.json")) {
				if (in == null) {
					return Set.of();
				}
				com.fasterxml.jackson.databind.JsonNode vocab = new com.fasterxml.jackson.databind.ObjectMapper().readTree(in)
					.path("model").path("vocab");
				java.util.HashSet<String> words = new java.util.HashSet<>();
				vocab.fieldNames().forEachRemaining(w -> {
					if (!w.startsWith("##") && !w.startsWith("[")) {
						words.add(w);
					}
				});
				return words;
			}
			catch (java.io.IOException ex) {
				return Set.of();
			}
		}

	}

	/** The word without surrounding punctuation; a possessive keeps its "'s" out (Epic's → Epic). */
	private static String strip(String raw) {
		int b = 0;
		int e = raw.length();
		while (b < e && !Character.isLetterOrDigit(raw.charAt(b))) {
			b++;
		}
		while (e > b && !Character.isLetterOrDigit(raw.charAt(e - 1))) {
			e--;
		}
		String word = raw.substring(b, e);
		if (word.endsWith("'s") || word.endsWith("’s")) {
			word = word.substring(0, word.length() - 2);
		}
		return word;
	}

	private static boolean endsClause(String raw) {
		char last = raw.charAt(raw.length() - 1);
		return last == ',' || last == '.' || last == '!' || last == '?' || last == ';' || last == ':';
	}

}
