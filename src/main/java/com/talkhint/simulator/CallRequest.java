package com.talkhint.simulator;

import java.net.URI;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The parameters of {@code POST /2010-04-01/Accounts/{AC}/Calls.json}, named as Twilio names them (the SDK sends
 * {@code StatusCallbackEvent} once per event).
 *
 * @param localBase where this server itself listens (for {@code routeToLocal}); {@code null} to use URLs as given
 */
public record CallRequest(String to, String from, String url, String method, String fallbackUrl,
		String fallbackMethod, String statusCallback, String statusCallbackMethod, List<String> statusCallbackEvents,
		String twiml, String applicationSid, URI localBase) {

	private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{6,14}");

	public CallRequest {
		statusCallbackEvents = (statusCallbackEvents != null) ? List.copyOf(statusCallbackEvents) : List.of();
	}

	/** A plain outbound call fetching {@code url} with POST, reporting all four progress events. */
	public static CallRequest of(String to, String from, String url, String statusCallback) {
		return new CallRequest(to, from, url, "POST", null, null, statusCallback, "POST",
				List.of("initiated", "ringing", "answered", "completed"), null, null, null);
	}

	/**
	 * Whether {@code number} is a phone number as Twilio takes it in {@code To}, {@code From} and a {@code <Dial>}
	 * target: {@code +}, then 7 to 15 digits, no leading zero. Here, with the request whose numbers it checks, so a
	 * call can check its {@code <Dial>} targets without naming the simulator that runs it.
	 */
	static boolean isE164(String number) {
		return number != null && E164.matcher(number).matches();
	}

}
