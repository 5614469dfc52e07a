package com.talkhint.audio;

/** Who is talking, as the user of TalkHint sees it: the agent (the user) or the customer. */
public enum Speaker {

	AGENT, CUSTOMER;

	/** {@code "agent"} or {@code "customer"}, as in the API and events. */
	public String wireName() {
		return name().toLowerCase(java.util.Locale.ROOT);
	}

	/**
	 * Maps a Media Streams track to a speaker (SPEC call flow step 5). On an outbound call the TwiML runs
	 * on the agent's leg, so {@code inbound} is the agent and {@code outbound} is what the agent hears (our
	 * prompt, then the customer). On an inbound call the customer's leg runs the TwiML: the other way round.
	 */
	public static Speaker of(Track track, CallDirection direction) {
		boolean agentLeg = direction == CallDirection.OUTBOUND;
		if (track == Track.INBOUND) {
			return agentLeg ? AGENT : CUSTOMER;
		}
		return agentLeg ? CUSTOMER : AGENT;
	}

}
