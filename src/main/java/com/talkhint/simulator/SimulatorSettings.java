package com.talkhint.simulator;

/**
 * The Twilio account the simulator impersonates: REST calls must authenticate with it, and every webhook and
 * stream handshake is signed with its auth token, exactly as Twilio signs them. The core wires this to the
 * effective Twilio settings (any record with {@code accountSid()} and {@code authToken()} can implement it).
 */
public interface SimulatorSettings {

	/** The account SID ({@code AC…}) callers must use in the URL path and as the Basic auth user. */
	String accountSid();

	/** The auth token: Basic auth password and HMAC key of {@code X-Twilio-Signature}. */
	String authToken();

	/** Settings from two plain values (tests, load drivers). */
	static SimulatorSettings of(String accountSid, String authToken) {
		record Fixed(String accountSid, String authToken) implements SimulatorSettings {
		}
		return new Fixed(accountSid, authToken);
	}

}
