package com.talkhint.simulator;

import java.util.List;
import java.util.Map;

/** One TwiML instruction as the simulator executes it; verbs Twilio knows but the simulator does not act on are {@link Unsupported}. */
sealed interface TwimlVerb {

	/** {@code <Say>}: speaks for about (words / 2.5) seconds; its audio is not on a stream started later. */
	record Say(String text) implements TwimlVerb {
	}

	/** {@code <Pause length>} in seconds (Twilio's default is 1). */
	record Pause(int seconds) implements TwimlVerb {
	}

	/** {@code <Start><Stream>}: a unidirectional media stream that outlives the following verbs. */
	record StartStream(StreamSpec stream) implements TwimlVerb {
	}

	/** {@code <Stop><Stream name>}. */
	record StopStream(String name) implements TwimlVerb {
	}

	/** {@code <Dial>}: bridges the scenario's customer for the length of the scenario. */
	record Dial(List<String> targets, String callerId, String action, String method) implements TwimlVerb {
	}

	/** {@code <Hangup/>}. */
	record Hangup() implements TwimlVerb {
	}

	/** {@code <Redirect method>url</Redirect>}: fetches new TwiML that replaces the rest of the document. */
	record Redirect(String url, String method) implements TwimlVerb {
	}

	/** A valid Twilio verb the simulator does not simulate; it is skipped with a log line. */
	record Unsupported(String verb) implements TwimlVerb {
	}

	/**
	 * The attributes of one {@code <Stream>} as written (nothing is defaulted or validated here: Twilio checks
	 * them only when it sets the stream up, after the TwiML was accepted).
	 */
	record StreamSpec(String url, String name, String track, String statusCallback, String statusCallbackMethod,
			Map<String, String> parameters) {
	}

}
