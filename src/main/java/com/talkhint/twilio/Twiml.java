package com.talkhint.twilio;

import java.util.List;
import java.util.Map;

import com.twilio.http.HttpMethod;
import com.twilio.twiml.TwiMLException;
import com.twilio.twiml.VoiceResponse;
import com.twilio.twiml.voice.Dial;
import com.twilio.twiml.voice.Hangup;
import com.twilio.twiml.voice.Number;
import com.twilio.twiml.voice.Parameter;
import com.twilio.twiml.voice.Say;
import com.twilio.twiml.voice.Start;
import com.twilio.twiml.voice.Stream;

/**
 * TalkHint's TwiML, only through the SDK's builders. The {@code <Say>} comes before {@code <Start>}, so
 * TalkHint's own prompt is not in the stream and can never be transcribed as the customer (TWILIO.md §2.6).
 */
public final class Twiml {

	static final String GREETING = "Connecting your call.";

	static final String STREAM_NAME = "talkhint";

	private Twiml() {
	}

	/** {@link #connect(String, String, Map, String, String, String, String)} with the plain greeting, no announcement. */
	public static String connect(String streamUrl, String streamStatusUrl, Map<String, String> parameters,
			String callerId, String target) {
		return connect(GREETING, streamUrl, streamStatusUrl, parameters, callerId, target, null);
	}

	/**
	 * Say {@code greeting}, stream both tracks to {@code streamUrl} (ids as {@code <Parameter>}, never a query
	 * string: Twilio error 31920), then dial {@code target} from {@code callerId}. With {@code whisperUrl},
	 * the dialed party hears that URL's TwiML (the recording-consent announcement) before being connected.
	 */
	public static String connect(String greeting, String streamUrl, String streamStatusUrl,
			Map<String, String> parameters, String callerId, String target, String whisperUrl) {
		Stream.Builder stream = new Stream.Builder().name(STREAM_NAME)
			.url(streamUrl)
			.track(Stream.Track.BOTH_TRACKS)
			.statusCallback(streamStatusUrl)
			.statusCallbackMethod(Stream.StatusCallbackMethod.POST);
		parameters.forEach((name, value) -> stream.parameter(new Parameter.Builder().name(name).value(value).build()));
		Number.Builder number = new Number.Builder(target);
		if (whisperUrl != null) {
			number.url(whisperUrl).method(HttpMethod.POST);
		}
		Dial.Builder dial = new Dial.Builder().answerOnBridge(true).number(number.build());
		if (callerId != null) {
			dial.callerId(callerId);
		}
		VoiceResponse response = new VoiceResponse.Builder().say(new Say.Builder(greeting).build())
			.start(new Start.Builder().stream(stream.build()).build())
			.dial(dial.build())
			.build();
		return xml(response);
	}

	/** Explains the problem to the caller and hangs up (used when the call cannot be connected). */
	public static String sayAndHangUp(String message) {
		return xml(new VoiceResponse.Builder().say(new Say.Builder(message).build())
			.hangup(new Hangup.Builder().build())
			.build());
	}

	/** Just a {@code <Say>}: the announcement the dialed party hears before the bridge. */
	public static String say(String text) {
		return xml(new VoiceResponse.Builder().say(new Say.Builder(text).build()).build());
	}

	/** An empty {@code <Response/>}: the acknowledgement for status callbacks. */
	public static String empty() {
		return xml(new VoiceResponse.Builder().build());
	}

	private static String xml(VoiceResponse response) {
		try {
			return response.toXml();
		}
		catch (TwiMLException ex) {
			throw new IllegalStateException("TwiML could not be rendered", ex);
		}
	}

	static List<String> parameterNames() {
		return List.of("callSid", "direction");
	}

}
