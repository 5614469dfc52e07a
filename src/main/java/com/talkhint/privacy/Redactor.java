package com.talkhint.privacy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes personal data from recognised speech before it is stored, shown, matched or sent anywhere: card
 * numbers, social security numbers, phone numbers (spoken digit by digit, in groups like "forty two", or as
 * digits) and e-mail addresses (spoken "jane at example dot com" or written). Works on Vosk's output:
 * lower case words, no punctuation.
 */
public final class Redactor {

	public static final String CARD = "[card number]";

	public static final String SSN = "[ssn]";

	public static final String PHONE = "[phone number]";

	public static final String EMAIL = "[email]";

	private static final Map<String, Integer> UNITS = Map.ofEntries(Map.entry("zero", 1), Map.entry("oh", 1),
			Map.entry("o", 1), Map.entry("one", 1), Map.entry("two", 1), Map.entry("three", 1), Map.entry("four", 1),
			Map.entry("five", 1), Map.entry("six", 1), Map.entry("seven", 1), Map.entry("eight", 1),
			Map.entry("nine", 1));

	/** Words that stand for two digits ("ten" … "nineteen", "twenty" … "ninety"). */
	private static final List<String> TWO_DIGIT_WORDS = List.of("ten", "eleven", "twelve", "thirteen", "fourteen",
			"fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty", "thirty", "forty", "fifty", "sixty",
			"seventy", "eighty", "ninety");

	private static final Map<String, Integer> MULTIPLIERS = Map.of("double", 2, "triple", 3);

	/** Words people put between digit groups that do not end the number. */
	private static final List<String> JOINERS = List.of("dash", "hyphen", "space");

	private static final Pattern WRITTEN_EMAIL = Pattern.compile("[\\w.+-]+@[\\w-]+(\\.[\\w-]+)+");

	private static final Pattern TLD = Pattern.compile("com|org|net|edu|gov|io|co|uk|us|de|fr|ca|info|biz|ai|app|dev");

	private final boolean enabled;

	public Redactor(boolean enabled) {
		this.enabled = enabled;
	}

	public boolean enabled() {
		return this.enabled;
	}

	/** Tag for a digit run in a partial result that may still grow into a card or phone number. */
	public static final String DIGITS = "[number]";

	/**
	 * For partial (unfinished) results: as {@link #redact}, and any run of five or more digits is masked
	 * too, because it may be the start of a card number whose end has not been heard yet.
	 */
	public String redactPartial(String text) {
		if (!this.enabled || text == null || text.isEmpty()) {
			return text;
		}
		String redacted = redact(text);
		List<String> words = new ArrayList<>(List.of(redacted.split("\\s+")));
		List<String> out = new ArrayList<>();
		int i = 0;
		while (i < words.size()) {
			int digits = 0;
			int j = i;
			while (j < words.size() && digitCount(words, j) >= 0) {
				digits += digitCount(words, j);
				j++;
			}
			if (j > i && digits >= 5) {
				out.add(DIGITS);
				i = j;
			}
			else if (j > i) {
				out.addAll(words.subList(i, j));
				i = j;
			}
			else {
				out.add(words.get(i));
				i++;
			}
		}
		return String.join(" ", out);
	}

	/** The text with personal data replaced by tags; unchanged when redaction is off. */
	public String redact(String text) {
		if (!this.enabled || text == null || text.isEmpty()) {
			return text;
		}
		Matcher written = WRITTEN_EMAIL.matcher(text);
		String withoutWritten = written.replaceAll(EMAIL);
		List<String> words = new ArrayList<>(List.of(withoutWritten.trim().split("\\s+")));
		redactSpokenEmails(words);
		redactCuedEmails(words);
		return redactNumbers(words);
	}

	private static void redactSpokenEmails(List<String> words) {
		for (int at = 1; at < words.size() - 2; at++) {
			if (!words.get(at).equals("at")) {
				continue;
			}
			// "<name> at <domain> dot <tld>" possibly with more "dot <part>" before the TLD.
			int i = at + 1;
			int end = -1;
			while (i + 2 <= words.size() && !words.get(i).equals("dot") && i < at + 4) {
				if (i + 1 < words.size() && words.get(i + 1).equals("dot")) {
					int j = i + 1;
					while (j + 1 < words.size() && words.get(j).equals("dot")) {
						if (TLD.matcher(words.get(j + 1)).matches()) {
							end = j + 1;
						}
						j += 2;
					}
					break;
				}
				i++;
			}
			if (end > 0) {
				int start = at - 1;
				for (int k = end; k >= start; k--) {
					words.remove(k);
				}
				words.add(start, EMAIL);
				at = start;
			}
		}
	}

	/**
	 * Recognition garbles spoken addresses ("jane at example dot com" heard as "jane against an ample not
	 * com"), so after a cue ("email is", "email address is") everything up to a top-level domain word within
	 * eight words is an address too.
	 */
	private static void redactCuedEmails(List<String> words) {
		for (int i = 0; i < words.size(); i++) {
			if (!words.get(i).equals("email") && !words.get(i).equals("e-mail")) {
				continue;
			}
			int start = i + 1;
			if (start < words.size() && words.get(start).equals("address")) {
				start++;
			}
			if (start < words.size() && (words.get(start).equals("is") || words.get(start).equals("it's"))) {
				start++;
			}
			for (int end = start; end < Math.min(words.size(), start + 8); end++) {
				if (words.get(end).equals(EMAIL)) {
					break;
				}
				if (TLD.matcher(words.get(end)).matches() && end > start) {
					for (int k = end; k >= start; k--) {
						words.remove(k);
					}
					words.add(start, EMAIL);
					break;
				}
			}
		}
	}

	private static String redactNumbers(List<String> words) {
		List<String> out = new ArrayList<>();
		int i = 0;
		while (i < words.size()) {
			int digits = 0;
			int j = i;
			int lastDigitWord = -1;
			while (j < words.size()) {
				int d = digitCount(words, j);
				if (d >= 0) {
					digits += d;
					lastDigitWord = j;
					j++;
				}
				else if (MULTIPLIERS.containsKey(words.get(j)) && j + 1 < words.size() && digitCount(words, j + 1) == 1) {
					digits += MULTIPLIERS.get(words.get(j)) - 1;
					j++;
				}
				else if (lastDigitWord >= 0 && JOINERS.contains(words.get(j))) {
					j++;
				}
				else {
					break;
				}
			}
			String tag = tag(digits);
			if (tag != null && lastDigitWord >= 0) {
				out.add(tag);
				i = lastDigitWord + 1;
			}
			else if (lastDigitWord >= 0) {
				for (int k = i; k <= lastDigitWord; k++) {
					out.add(words.get(k));
				}
				i = lastDigitWord + 1;
			}
			else {
				out.add(words.get(i));
				i++;
			}
		}
		return String.join(" ", out);
	}

	/**
	 * Digits a word stands for, or -1 when it is no number: "four" 1, "forty" 2 and the "two" of "forty two"
	 * 0 (together two digits), "4111" 4.
	 */
	private static int digitCount(List<String> words, int index) {
		String w = words.get(index);
		if (w.chars().allMatch(Character::isDigit) && !w.isEmpty()) {
			return w.length();
		}
		if (UNITS.containsKey(w)) {
			boolean afterTens = index > 0 && TWO_DIGIT_WORDS.indexOf(words.get(index - 1)) >= 10;
			return afterTens ? 0 : 1;
		}
		if (TWO_DIGIT_WORDS.contains(w)) {
			return 2;
		}
		if (w.equals("hundred")) {
			return 2;
		}
		if (w.equals("thousand")) {
			return 3;
		}
		return -1;
	}

	private static String tag(int digits) {
		if (digits >= 13 && digits <= 19) {
			return CARD;
		}
		if (digits == 9) {
			return SSN;
		}
		if (digits == 7 || digits == 10 || digits == 11 || digits == 12) {
			return PHONE;
		}
		return null;
	}

}
