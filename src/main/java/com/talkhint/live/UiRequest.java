package com.talkhint.live;

import java.util.Map;
import java.util.regex.Pattern;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * What a browser may say on {@code /ui/events}: {@code {"subscribe":"CA…"}} or {@code {"unsubscribe":"CA…"}},
 * one call sid per message. Anything else is rejected with a message the browser can show.
 *
 * @param action follow the call's events, or stop following them
 * @param callSid a Twilio call sid ({@code CA} and 32 hex digits)
 */
record UiRequest(Action action, String callSid) {

	/** Twilio's call sid shape, as the webhooks and the media stream check it. */
	static final Pattern CALL_SID = Pattern.compile("CA[0-9a-fA-F]{32}");

	static final String EXPECTED = "expected {\"subscribe\":\"CA…\"} or {\"unsubscribe\":\"CA…\"}";

	private static final Map<String, Action> ACTIONS = Map.of("subscribe", Action.SUBSCRIBE, "unsubscribe",
			Action.UNSUBSCRIBE);

	/** The two things a browser can ask for. */
	enum Action {

		SUBSCRIBE, UNSUBSCRIBE

	}

	/**
	 * Parses one client message.
	 * @throws Invalid with the reason to send back, for anything but one subscribe/unsubscribe of a call sid
	 */
	static UiRequest parse(JsonMapper json, String text) {
		JsonNode node;
		try {
			node = json.readTree(text);
		}
		catch (RuntimeException ex) { // JacksonException is unchecked in Jackson 3
			throw new Invalid("not JSON: " + EXPECTED);
		}
		if (node == null || !node.isObject() || node.size() != 1) {
			throw new Invalid(EXPECTED);
		}
		String name = node.propertyNames().iterator().next();
		Action action = ACTIONS.get(name);
		JsonNode sid = node.get(name);
		if (action == null || !sid.isString()) {
			throw new Invalid(EXPECTED);
		}
		if (!CALL_SID.matcher(sid.asString()).matches()) {
			throw new Invalid("not a call sid: a call sid is CA followed by 32 hex digits");
		}
		return new UiRequest(action, sid.asString());
	}

	/** A client message that is not a valid request; the message says why, without echoing the input. */
	static final class Invalid extends RuntimeException {

		Invalid(String message) {
			super(message, null, false, false);
		}

	}

}
