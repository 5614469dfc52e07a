package com.talkhint.hint;

/**
 * Porter's 1980 suffix-stripping stemmer for English, written from the published rules, so that "cancel",
 * "cancelling" and "cancellation" or "price" and "pricing" compare equal. Input is one lower-case word.
 */
final class PorterStemmer {

	private static final String[][] STEP2 = { { "ational", "ate" }, { "tional", "tion" }, { "enci", "ence" },
			{ "anci", "ance" }, { "izer", "ize" }, { "bli", "ble" }, { "alli", "al" }, { "entli", "ent" },
			{ "eli", "e" }, { "ousli", "ous" }, { "ization", "ize" }, { "ation", "ate" }, { "ator", "ate" },
			{ "alism", "al" }, { "iveness", "ive" }, { "fulness", "ful" }, { "ousness", "ous" }, { "aliti", "al" },
			{ "iviti", "ive" }, { "biliti", "ble" }, { "logi", "log" } };

	private static final String[][] STEP3 = { { "icate", "ic" }, { "ative", "" }, { "alize", "al" }, { "iciti", "ic" },
			{ "ical", "ic" }, { "ful", "" }, { "ness", "" } };

	private static final String[] STEP4 = { "al", "ance", "ence", "er", "ic", "able", "ible", "ant", "ement", "ment",
			"ent", "ion", "ou", "ism", "ate", "iti", "ous", "ive", "ize" };

	private PorterStemmer() {
	}

	static String stem(String word) {
		if (word.length() <= 2 || !word.chars().allMatch(c -> c >= 'a' && c <= 'z')) {
			return word; // short words and tokens with digits or apostrophes stay as they are
		}
		StringBuilder w = new StringBuilder(word);
		step1a(w);
		step1b(w);
		step1c(w);
		replaceFirstMatch(w, STEP2, 0);
		replaceFirstMatch(w, STEP3, 0);
		step4(w);
		step5(w);
		return w.toString();
	}

	private static void step1a(StringBuilder w) {
		if (endsWith(w, "sses") || endsWith(w, "ies")) {
			w.setLength(w.length() - 2);
		}
		else if (!endsWith(w, "ss") && endsWith(w, "s")) {
			w.setLength(w.length() - 1);
		}
	}

	private static void step1b(StringBuilder w) {
		if (endsWith(w, "eed")) {
			if (measure(w, w.length() - 3) > 0) {
				w.setLength(w.length() - 1);
			}
			return;
		}
		int cut;
		if (endsWith(w, "ed")) {
			cut = 2;
		}
		else if (endsWith(w, "ing")) {
			cut = 3;
		}
		else {
			return;
		}
		if (!hasVowel(w, w.length() - cut)) {
			return;
		}
		w.setLength(w.length() - cut);
		if (endsWith(w, "at") || endsWith(w, "bl") || endsWith(w, "iz")) {
			w.append('e');
		}
		else if (doubleConsonant(w, w.length() - 1)) {
			char last = w.charAt(w.length() - 1);
			if (last != 'l' && last != 's' && last != 'z') {
				w.setLength(w.length() - 1);
			}
		}
		else if (measure(w, w.length()) == 1 && cvc(w, w.length() - 1)) {
			w.append('e');
		}
	}

	private static void step1c(StringBuilder w) {
		if (endsWith(w, "y") && hasVowel(w, w.length() - 1)) {
			w.setCharAt(w.length() - 1, 'i');
		}
	}

	private static void replaceFirstMatch(StringBuilder w, String[][] rules, int minMeasure) {
		for (String[] rule : rules) {
			if (endsWith(w, rule[0])) {
				int stemEnd = w.length() - rule[0].length();
				if (measure(w, stemEnd) > minMeasure) {
					w.setLength(stemEnd);
					w.append(rule[1]);
				}
				return; // Porter: only the longest matching suffix is considered
			}
		}
	}

	private static void step4(StringBuilder w) {
		String best = null;
		for (String suffix : STEP4) {
			if (endsWith(w, suffix) && (best == null || suffix.length() > best.length())) {
				best = suffix;
			}
		}
		if (best == null) {
			return;
		}
		int stemEnd = w.length() - best.length();
		if (measure(w, stemEnd) <= 1) {
			return;
		}
		if (best.equals("ion") && (stemEnd == 0 || (w.charAt(stemEnd - 1) != 's' && w.charAt(stemEnd - 1) != 't'))) {
			return;
		}
		w.setLength(stemEnd);
	}

	private static void step5(StringBuilder w) {
		if (endsWith(w, "e")) {
			int m = measure(w, w.length() - 1);
			if (m > 1 || (m == 1 && !cvc(w, w.length() - 2))) {
				w.setLength(w.length() - 1);
			}
		}
		if (endsWith(w, "ll") && measure(w, w.length()) > 1) {
			w.setLength(w.length() - 1);
		}
	}

	private static boolean endsWith(StringBuilder w, String suffix) {
		int n = w.length() - suffix.length();
		return n >= 0 && w.indexOf(suffix, n) == n;
	}

	/** Porter's consonant: not a vowel, and 'y' only when it follows a vowel (or starts the word). */
	private static boolean consonant(CharSequence w, int i) {
		char c = w.charAt(i);
		return switch (c) {
			case 'a', 'e', 'i', 'o', 'u' -> false;
			case 'y' -> i == 0 || !consonant(w, i - 1);
			default -> true;
		};
	}

	/** The m in [C](VC)^m[V] of w[0, end). */
	private static int measure(CharSequence w, int end) {
		int i = 0;
		while (i < end && consonant(w, i)) {
			i++;
		}
		int m = 0;
		while (i < end) {
			while (i < end && !consonant(w, i)) {
				i++;
			}
			if (i >= end) {
				break;
			}
			while (i < end && consonant(w, i)) {
				i++;
			}
			m++;
		}
		return m;
	}

	private static boolean hasVowel(CharSequence w, int end) {
		for (int i = 0; i < end; i++) {
			if (!consonant(w, i)) {
				return true;
			}
		}
		return false;
	}

	private static boolean doubleConsonant(CharSequence w, int i) {
		return i >= 1 && w.charAt(i) == w.charAt(i - 1) && consonant(w, i);
	}

	/** consonant-vowel-consonant ending at i, the last not w, x or y ("hop", not "snow"). */
	private static boolean cvc(CharSequence w, int i) {
		if (i < 2 || !consonant(w, i) || consonant(w, i - 1) || !consonant(w, i - 2)) {
			return false;
		}
		char c = w.charAt(i);
		return c != 'w' && c != 'x' && c != 'y';
	}

}
