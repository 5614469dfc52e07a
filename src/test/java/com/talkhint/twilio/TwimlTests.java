package com.talkhint.twilio;

import java.util.LinkedHashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Golden TwiML: the whole document, as twilio-java's own builder tests do. */
class TwimlTests {

	@Test
	void connectSaysStreamsBothTracksWithParametersAndDials() {
		Map<String, String> parameters = new LinkedHashMap<>();
		parameters.put("callSid", "CA0123456789abcdef0123456789abcdef");
		parameters.put("direction", "outbound");
		String xml = Twiml.connect("wss://talkhint.example.com/twilio/stream",
				"https://talkhint.example.com/twilio/stream-status", parameters, "+15005550006", "+14155550100");
		assertThat(xml).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
				+ "<Response><Say>Connecting your call.</Say>"
				+ "<Start><Stream name=\"talkhint\" statusCallback=\"https://talkhint.example.com/twilio/stream-status\""
				+ " statusCallbackMethod=\"POST\" track=\"both_tracks\" url=\"wss://talkhint.example.com/twilio/stream\">"
				+ "<Parameter name=\"callSid\" value=\"CA0123456789abcdef0123456789abcdef\"/>"
				+ "<Parameter name=\"direction\" value=\"outbound\"/></Stream></Start>"
				+ "<Dial answerOnBridge=\"true\" callerId=\"+15005550006\"><Number>+14155550100</Number></Dial></Response>");
	}

	@Test
	void consentAnnouncementIsAWhisperToTheDialedParty() {
		String xml = Twiml.connect("Connecting your call.", "wss://h.example/twilio/stream",
				"https://h.example/twilio/stream-status", Map.of("direction", "outbound"), "+15005550006", "+14155550100",
				"https://h.example/twilio/consent");
		assertThat(xml).endsWith("<Dial answerOnBridge=\"true\" callerId=\"+15005550006\">"
				+ "<Number method=\"POST\" url=\"https://h.example/twilio/consent\">+14155550100</Number></Dial></Response>");
		assertThat(Twiml.say("This call may be recorded and transcribed.")).isEqualTo(
				"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>This call may be recorded and transcribed.</Say></Response>");
	}

	@Test
	void streamUrlHasWebSocketSchemeAndNoQueryString() {
		assertThat(PublicUrls.streamUrl("https://abc.replit.dev")).isEqualTo("wss://abc.replit.dev/twilio/stream");
		assertThat(PublicUrls.streamUrl("http://localhost:8080")).isEqualTo("ws://localhost:8080/twilio/stream");
	}

	@Test
	void sayAndHangUpAndEmpty() {
		assertThat(Twiml.sayAndHangUp("Goodbye.")).isEqualTo(
				"<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response><Say>Goodbye.</Say><Hangup/></Response>");
		assertThat(Twiml.empty()).isEqualTo("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>");
	}

}
