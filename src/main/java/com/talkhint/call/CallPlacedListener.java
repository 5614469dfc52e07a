package com.talkhint.call;

/** Told when {@code /start-call} has placed a call (the simulator uses it to pick the call's scenario). */
public interface CallPlacedListener {

	void callPlaced(String callSid, String to, String agent, String scenario);

}
