package com.talkhint.call;

import java.util.regex.Pattern;

/** E.164 phone numbers: {@code +} then 7 to 15 digits, no leading zero in the country code. */
public final class PhoneNumbers {

	private static final Pattern E164 = Pattern.compile("\\+[1-9]\\d{6,14}");

	/** Separators people type and Twilio tolerates; removed before validation. */
	private static final Pattern SEPARATORS = Pattern.compile("[\\s().\\-]");

	private PhoneNumbers() {
	}

	/** The number in E.164 form, or {@code null} when it is not one. */
	public static String normalise(String raw) {
		if (raw == null) {
			return null;
		}
		String compact = SEPARATORS.matcher(raw.strip()).replaceAll("");
		return E164.matcher(compact).matches() ? compact : null;
	}

}
