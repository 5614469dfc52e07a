package com.talkhint.simulator;

import java.net.http.HttpClient;
import java.time.Clock;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

import tools.jackson.databind.json.JsonMapper;

/**
 * What every call and stream of one {@link TwilioSimulator} shares, handed to them as values so that they need not
 * name the simulator that creates them (which names them).
 *
 * @param accountSid the account every call belongs to (REST resources, webhooks, stream messages)
 * @param properties the delays before {@code initiated}, {@code ringing} and {@code answered}, and the speed
 * @param clock the time stamps of resources and callbacks
 * @param scheduler the small shared scheduler every wait and media tick runs on
 * @param http the client that opens media streams
 * @param signature signs the stream handshakes with the auth token
 * @param webhooks sends the signed webhooks
 * @param json writes the stream messages
 * @param defaultAudio what a call plays when none was chosen, asked for when it is first needed
 */
record SimulatorParts(String accountSid, SimulatorProperties properties, Clock clock,
		ScheduledExecutorService scheduler, HttpClient http, TwilioSignature signature, WebhookClient webhooks,
		JsonMapper json, Supplier<CallAudio> defaultAudio) {

	/** Simulated nanoseconds to wall-clock nanoseconds at the configured speed. */
	long scaledNanos(long nanos) {
		return (long) (nanos / this.properties.speed());
	}

}
