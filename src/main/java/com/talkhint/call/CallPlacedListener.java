package com.talkhint.call;

/** Told when {@code /start-call} has placed a call (the simulator uses it to pick the call's scenario). */
public interface CallPlacedListener {

	/**
	 * Checks the request before anything is placed or refused for load, so bad input is a 400 whatever the node's
	 * load: throws {@link ApiError} when the listener could not honour it (an unknown scenario).
	 */
	default void check(String to, String agent, String scenario) {
	}

	void callPlaced(String callSid, String to, String agent, String scenario);

}
