package com.talkhint.live;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** What a browser may send on {@code /ui/events}: one subscribe or unsubscribe of one call sid, nothing else. */
class UiRequestTests {

	private static final JsonMapper json = JsonMapper.builder().build();

	private static final String SID = "CA0123456789abcdef0123456789ABCDEF";

	@Test
	void subscribeAndUnsubscribeOfACallSid() {
		assertThat(UiRequest.parse(json, "{\"subscribe\":\"" + SID + "\"}"))
			.isEqualTo(new UiRequest(UiRequest.Action.SUBSCRIBE, SID));
		assertThat(UiRequest.parse(json, " {\"unsubscribe\" : \"" + SID + "\"} "))
			.isEqualTo(new UiRequest(UiRequest.Action.UNSUBSCRIBE, SID));
	}

	@Test
	void anythingElseIsRefusedWithTheExpectedShape() {
		for (String text : new String[] { "", "hello", "{", "[]", "null", "\"" + SID + "\"", "{}",
				"{\"subscribe\":42}", "{\"subscribe\":[\"" + SID + "\"]}", "{\"follow\":\"" + SID + "\"}",
				"{\"subscribe\":\"" + SID + "\",\"unsubscribe\":\"" + SID + "\"}" }) {
			assertThatExceptionOfType(UiRequest.Invalid.class).as(text)
				.isThrownBy(() -> UiRequest.parse(json, text))
				.withMessageContaining("expected {\"subscribe\":\"CA…\"} or {\"unsubscribe\":\"CA…\"}");
		}
	}

	@Test
	void aMalformedSidIsNamedButNotEchoed() {
		for (String sid : new String[] { "CA1", "ca0123456789abcdef0123456789abcdef", SID + "0",
				"MZ0123456789abcdef0123456789abcdef", "CA0123456789abcdef0123456789abcdeg", "<script>" }) {
			assertThatExceptionOfType(UiRequest.Invalid.class).as(sid)
				.isThrownBy(() -> UiRequest.parse(json, "{\"subscribe\":\"" + sid + "\"}"))
				.withMessage("not a call sid: a call sid is CA followed by 32 hex digits");
		}
	}

}
