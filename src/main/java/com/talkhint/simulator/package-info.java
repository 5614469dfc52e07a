/**
 * The built-in Twilio, active in simulator mode (no {@code TWILIO_ACCOUNT_SID}, or
 * {@code talkhint.simulator.enabled=true}).
 *
 * <p>{@link com.talkhint.simulator.SimulatorController} answers Twilio's REST Calls API under
 * {@code /simulator/2010-04-01/Accounts/{AC}/Calls.json}, where the app's {@code TwilioRestClient} points in
 * simulator mode. {@link com.talkhint.simulator.TwilioSimulator} then runs each call as Twilio would: signed
 * status callbacks, a signed TwiML fetch of {@code Url} (or the inline {@code Twiml}, fetching nothing), TwiML
 * interpreted verb by verb, and for {@code <Start><Stream>} a WebSocket client with a signed handshake sending
 * {@code connected}, {@code start}, 20 ms {@code media} frames per track in real time, and {@code stop}. The
 * conversation is a scenario from {@code classpath:scenarios/} (agent = {@code inbound}, customer =
 * {@code outbound}) or any recorded pair ({@link com.talkhint.simulator.CallAudioFiles}).
 *
 * <p>Settings ({@code talkhint.simulator.*}, see {@link com.talkhint.simulator.SimulatorProperties}):
 * {@code speed}, the ringing delays, {@code default-scenario}, {@code replay.agent}/{@code replay.customer}.
 */
package com.talkhint.simulator;
