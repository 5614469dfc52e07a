package com.talkhint.hint;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A small sound-alike key in the spirit of Metaphone plus Levenshtein distance: recognisers confuse words
 * that sound alike ("prize" for "price", "to" for "too"), and the key makes those collide while the edit
 * distance keeps unrelated words that happen to collide ("no" and "know") apart.
 */
final class Phonetic {

	// recogniser confusions of short words that triggers care about, expected → heard
	private static final Map<String, Set<String>> HOMOPHONES = Map.of("too", Set.of("to", "two"), "high",
			Set.of("hi"), "four", Set.of("for"), "two", Set.of("to", "too"), "eight", Set.of("ate"), "one",
			Set.of("won"), "week", Set.of("weak"), "buy", Set.of("bye"));

	private Phonetic() {
	}

	// the vocabulary of calls is small; keys are computed once per word (bounded, so odd input cannot grow it)
	private static final Map<String, String> KEYS = new ConcurrentHashMap<>();

	/** The consonant skeleton of a lower-case word, e.g. price and prize → PRS, phone → FN, knight → NT. */
	static String key(String word) {
		String cached = KEYS.get(word);
		if (cached != null) {
			return cached;
		}
		String key = computeKey(word);
		if (KEYS.size() > 50_000) {
			KEYS.clear();
		}
		KEYS.put(word, key);
		return key;
	}

	private static String computeKey(String word) {
		String w = word.replaceAll("[^a-z]", "");
		if (w.isEmpty()) {
			return "";
		}
		// silent or merged first letters
		if (w.startsWith("kn") || w.startsWith("gn") || w.startsWith("pn") || w.startsWith("wr")) {
			w = w.substring(1);
		}
		else if (w.startsWith("x")) {
			w = "s" + w.substring(1);
		}
		else if (w.startsWith("wh")) {
			w = "w" + w.substring(2);
		}
		StringBuilder key = new StringBuilder();
		int n = w.length();
		for (int i = 0; i < n; i++) {
			char c = w.charAt(i);
			char next = (i + 1 < n) ? w.charAt(i + 1) : 0;
			char prev = (i > 0) ? w.charAt(i - 1) : 0;
			if (c == prev && c != 'c') {
				continue; // doubled letters sound once
			}
			String code = switch (c) {
				case 'a', 'e', 'i', 'o', 'u' -> (i == 0) ? "A" : "";
				case 'b' -> (prev == 'm' && i == n - 1) ? "" : "B";
				case 'c' -> {
					if (next == 'h') {
						yield "X";
					}
					if (next == 'i' || next == 'e' || next == 'y') {
						yield "S";
					}
					yield "K";
				}
				case 'd' -> (next == 'g' && i + 2 < n && "eiy".indexOf(w.charAt(i + 2)) >= 0) ? "J" : "T";
				case 'g' -> {
					if (next == 'h' && (i + 2 >= n || !vowel(w.charAt(i + 2)))) {
						yield ""; // "high", "night": gh is silent
					}
					if (next == 'n' && (i + 2 == n || (i + 4 == n && w.endsWith("ned")))) {
						yield "";
					}
					if (prev == 'd' && "eiy".indexOf(next) >= 0) {
						yield ""; // the d already said "j"
					}
					yield (next == 'i' || next == 'e' || next == 'y') ? "J" : "K";
				}
				case 'h' -> (vowel(next) && "cgpst".indexOf(prev) < 0) ? "H" : "";
				case 'k' -> (prev == 'c') ? "" : "K";
				case 'p' -> (next == 'h') ? "F" : "P";
				case 'q' -> "K";
				case 's' -> {
					if (next == 'h' || (next == 'i' && i + 2 < n && (w.charAt(i + 2) == 'o' || w.charAt(i + 2) == 'a'))) {
						yield "X";
					}
					yield "S";
				}
				case 't' -> {
					if (next == 'i' && i + 2 < n && (w.charAt(i + 2) == 'o' || w.charAt(i + 2) == 'a')) {
						yield "X";
					}
					if (next == 'h') {
						yield "0";
					}
					yield (next == 'c' && i + 2 < n && w.charAt(i + 2) == 'h') ? "" : "T";
				}
				case 'v' -> "F";
				case 'w', 'y' -> vowel(next) ? String.valueOf(Character.toUpperCase(c)) : "";
				case 'x' -> "KS";
				case 'z' -> "S";
				default -> String.valueOf(Character.toUpperCase(c));
			};
			// "ph", "sh", "th", "ch" are one sound: skip the h that follows
			if ((c == 'p' || c == 's' || c == 't' || c == 'c') && next == 'h') {
				i++;
			}
			if (!code.isEmpty() && (key.isEmpty() || !key.toString().endsWith(code))) {
				key.append(code);
			}
		}
		return key.toString();
	}

	private static boolean vowel(char c) {
		return c == 'a' || c == 'e' || c == 'i' || c == 'o' || c == 'u';
	}

	/** Levenshtein distance, stopping early once it exceeds {@code limit}. */
	static int distance(String a, String b, int limit) {
		if (Math.abs(a.length() - b.length()) > limit) {
			return limit + 1;
		}
		int[] prev = new int[b.length() + 1];
		int[] cur = new int[b.length() + 1];
		for (int j = 0; j <= b.length(); j++) {
			prev[j] = j;
		}
		for (int i = 1; i <= a.length(); i++) {
			cur[0] = i;
			int rowMin = cur[0];
			for (int j = 1; j <= b.length(); j++) {
				int cost = (a.charAt(i - 1) == b.charAt(j - 1)) ? 0 : 1;
				cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
				rowMin = Math.min(rowMin, cur[j]);
			}
			if (rowMin > limit) {
				return limit + 1;
			}
			int[] t = prev;
			prev = cur;
			cur = t;
		}
		return prev[b.length()];
	}

	/**
	 * Whether a heard word is close enough to an expected one to count: same sound key and a small spelling
	 * distance (one edit for short words, two for longer), or one edit in a long word whatever it sounds like.
	 */
	static boolean soundsLike(String heard, String expected) {
		if (heard.equals(expected)) {
			return true;
		}
		int shorter = Math.min(heard.length(), expected.length());
		if (shorter < 4) {
			// short words collide too easily by sound ("by" and "buy", "no" and "know"): only known confusions
			return HOMOPHONES.getOrDefault(expected, Set.of()).contains(heard);
		}
		if (Math.abs(heard.length() - expected.length()) > 2) {
			return false;
		}
		String heardKey = key(heard);
		boolean sameKey = !heardKey.isEmpty() && heardKey.equals(key(expected));
		int limit = (shorter == 4) ? 1 : 2;
		if (sameKey && distance(heard, expected, limit) <= limit) {
			return true;
		}
		// one letter off in a long word, but not the first: "billing" is not "killing", "tension" not "mention"
		return shorter >= 6 && heard.charAt(0) == expected.charAt(0) && distance(heard, expected, 1) <= 1;
	}

}
