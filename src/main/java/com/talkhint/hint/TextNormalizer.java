package com.talkhint.hint;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns recogniser or typed text into comparable words: lower case, contractions expanded, digits spelled
 * out, punctuation dropped. Vosk already emits lower-case words without punctuation and spells numbers; typed
 * text (playbook phrases, reference scripts) does not, so both sides go through the same rules.
 */
final class TextNormalizer {

	// "won't" and "can't" are irregular; the rest follow the n't / 're / 'll patterns below.
	private static final Map<String, String> WHOLE_WORDS = Map.ofEntries(Map.entry("won't", "will not"),
			Map.entry("can't", "can not"), Map.entry("cannot", "can not"), Map.entry("shan't", "shall not"),
			Map.entry("ain't", "is not"), Map.entry("let's", "let us"), Map.entry("gonna", "going to"),
			Map.entry("wanna", "want to"), Map.entry("gotta", "got to"), Map.entry("dont", "do not"),
			Map.entry("doesnt", "does not"), Map.entry("didnt", "did not"), Map.entry("isnt", "is not"),
			Map.entry("wont", "will not"), Map.entry("im", "i am"), Map.entry("ive", "i have"),
			Map.entry("youre", "you are"), Map.entry("thats", "that is"), Map.entry("whats", "what is"),
			Map.entry("okay", "ok"));

	// "'s" after these words is "is"; after a noun it is a possessive and is dropped.
	private static final List<String> S_IS = List.of("it", "that", "what", "there", "here", "who", "where", "how",
			"he", "she", "this", "everything", "nothing", "something", "price", "cost");

	private static final Pattern NUMBER = Pattern.compile("\\d+(?:[.,]\\d+)?");

	private static final Pattern TAG = Pattern.compile("\\[[^\\]]*\\]");

	private static final Pattern NOT_WORD = Pattern.compile("[^a-z0-9']+");

	private static final String[] ONES = { "zero", "one", "two", "three", "four", "five", "six", "seven", "eight",
			"nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
			"nineteen" };

	private static final String[] TENS = { "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty",
			"ninety" };

	private TextNormalizer() {
	}

	/** The words of {@code text}, normalised; never null. */
	static List<String> words(String text) {
		if (text == null || text.isBlank()) {
			return List.of();
		}
		// "[card number]" and the like are redaction tags, not speech: they must not trigger anything.
		// The patterns are compiled once: this runs several times on every final and partial (rules, meaning),
		// and String.replaceAll/split compile theirs on each call, per word for the apostrophes.
		String s = TAG.matcher(text.toLowerCase(Locale.ROOT)).replaceAll(" ").replace('\u2019', '\'').replace('\u2018', '\'');
		s = s.replace("%", " percent ").replace("$", " dollars ").replace("&", " and ");
		s = spellNumbers(s);
		List<String> out = new ArrayList<>();
		for (String raw : NOT_WORD.split(s)) {
			String word = trimApostrophes(raw);
			if (!word.isEmpty()) {
				expand(word, out);
			}
		}
		return out;
	}

	/** The word without quote marks around it ("'cause", "'yes'"). */
	private static String trimApostrophes(String raw) {
		int from = 0;
		int to = raw.length();
		while (from < to && raw.charAt(from) == '\'') {
			from++;
		}
		while (to > from && raw.charAt(to - 1) == '\'') {
			to--;
		}
		return raw.substring(from, to);
	}

	private static void expand(String word, List<String> out) {
		String whole = WHOLE_WORDS.get(word);
		if (whole != null) {
			addAll(whole, out);
			return;
		}
		if (word.endsWith("n't")) {
			out.add(word.substring(0, word.length() - 3));
			out.add("not");
			return;
		}
		int apostrophe = word.indexOf('\'');
		if (apostrophe > 0) {
			String head = word.substring(0, apostrophe);
			String tail = word.substring(apostrophe + 1);
			out.add(head);
			switch (tail) {
				case "re" -> out.add("are");
				case "ve" -> out.add("have");
				case "ll" -> out.add("will");
				case "d" -> out.add("would");
				case "m" -> out.add("am");
				case "s" -> {
					if (S_IS.contains(head)) {
						out.add("is");
					}
				}
				default -> {
					// an odd apostrophe (o'clock, rock'n'roll): keep the pieces as words
					if (!tail.isEmpty()) {
						out.add(tail.replace("'", ""));
					}
				}
			}
			return;
		}
		out.add(word);
	}

	private static void addAll(String words, List<String> out) {
		for (String w : words.split(" ")) {
			out.add(w);
		}
	}

	private static String spellNumbers(String s) {
		Matcher m = NUMBER.matcher(s);
		StringBuilder sb = new StringBuilder();
		while (m.find()) {
			String n = m.group();
			String spelled;
			if (n.contains(",") && n.length() - n.indexOf(',') == 4) {
				spelled = spell(n.replace(",", "")); // 1,000 is a thousand, not "one comma zero"
			}
			else if (n.contains(".") || n.contains(",")) {
				String[] parts = n.split("[.,]");
				spelled = spell(parts[0]) + " point " + digits(parts[1]);
			}
			else {
				spelled = spell(n);
			}
			m.appendReplacement(sb, " " + spelled + " ");
		}
		m.appendTail(sb);
		return sb.toString();
	}

	private static String spell(String digits) {
		if (digits.length() > 9) {
			return digits(digits); // account numbers and the like are read digit by digit
		}
		return spell(Long.parseLong(digits));
	}

	private static String spell(long n) {
		if (n < 20) {
			return ONES[(int) n];
		}
		if (n < 100) {
			return TENS[(int) (n / 10)] + ((n % 10 != 0) ? " " + ONES[(int) (n % 10)] : "");
		}
		if (n < 1000) {
			return ONES[(int) (n / 100)] + " hundred" + ((n % 100 != 0) ? " " + spell(n % 100) : "");
		}
		if (n < 1_000_000) {
			return spell(n / 1000) + " thousand" + ((n % 1000 != 0) ? " " + spell(n % 1000) : "");
		}
		return spell(n / 1_000_000) + " million" + ((n % 1_000_000 != 0) ? " " + spell(n % 1_000_000) : "");
	}

	private static String digits(String digits) {
		StringBuilder sb = new StringBuilder();
		for (char c : digits.toCharArray()) {
			sb.append(sb.isEmpty() ? "" : " ").append(ONES[c - '0']);
		}
		return sb.toString();
	}

}
