package com.talkhint.simulator;

import java.util.List;
import java.util.Map;

import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Start;
import com.twilio.twiml.voice.Stream;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/** TwiML parsing with Twilio's strictness: SDK-built documents read back, malformed ones are error 12100. */
class TwimlTests {

	@Test
	void readsTheSpecTwimlBuiltWithTheTwilioSdk() {
		String xml = new VoiceResponse.Builder().say(new Say.Builder("Connecting your call.").build())
			.start(new Start.Builder().stream(new Stream.Builder().url("wss://h.example/twilio/stream")
				.name("talkhint")
				.track(Stream.Track.BOTH_TRACKS)
				.statusCallback("https://h.example/twilio/stream-status")
				.parameter(new Parameter.Builder().name("callSid").value("CA1").build())
				.build()).build())
			.dial(new Dial.Builder().answerOnBridge(true)
				.callerId("+15005550006")
				.number(new Number.Builder("+14155550100").build())
				.build())
			.build()
			.toXml();

		List<TwimlVerb> verbs = Twiml.parse(xml);

		assertThat(verbs).containsExactly(new TwimlVerb.Say("Connecting your call."),
				new TwimlVerb.StartStream(new TwimlVerb.StreamSpec("wss://h.example/twilio/stream", "talkhint",
						"both_tracks", "https://h.example/twilio/stream-status", null, Map.of("callSid", "CA1"))),
				new TwimlVerb.Dial(List.of("+14155550100"), "+15005550006", null, null));
	}

	@Test
	void readsPauseHangupStopAndSkipsVerbsItDoesNotSimulate() {
		List<TwimlVerb> verbs = Twiml.parse("<Response><Pause length=\"3\"/><Pause/><Play>https://a/b.mp3</Play>"
				+ "<Stop><Stream name=\"s1\"/></Stop><Dial>+14155550100</Dial><Hangup/></Response>");

		assertThat(verbs).containsExactly(new TwimlVerb.Pause(3), new TwimlVerb.Pause(1),
				new TwimlVerb.Unsupported("Play"), new TwimlVerb.StopStream("s1"),
				new TwimlVerb.Dial(List.of("+14155550100"), null, null, null), new TwimlVerb.Hangup());
	}

	@Test
	void anUnknownVerbIsError12100() {
		assertThatExceptionOfType(Twiml.TwimlException.class)
			.isThrownBy(() -> Twiml.parse("<Response><Say>Hi</Say><Stream url=\"wss://h/s\"/></Response>"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(12100))
			.withMessageContaining("<Stream> is not a TwiML verb");
	}

	@Test
	void aBlankLineBeforeTheXmlDeclarationIsError12100() {
		assertThatExceptionOfType(Twiml.TwimlException.class)
			.isThrownBy(() -> Twiml.parse("\n<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>"))
			.satisfies((ex) -> assertThat(ex.code()).isEqualTo(12100));
	}

	@Test
	void aDocumentThatIsNotAResponseIsError12100() {
		assertThatExceptionOfType(Twiml.TwimlException.class).isThrownBy(() -> Twiml.parse("<html><body/></html>"))
			.withMessageContaining("<html>");
		assertThatExceptionOfType(Twiml.TwimlException.class).isThrownBy(() -> Twiml.parse("OK"));
	}

	@Test
	void refusesDoctypesSoNoEntityIsEverExpanded() {
		assertThatExceptionOfType(Twiml.TwimlException.class).isThrownBy(() -> Twiml
			.parse("<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><Response><Say>&x;</Say></Response>"));
	}

}
