package com.talkhint.call;

/**
 * Present when the telephone network is simulated inside this process (the built-in Twilio): none of its calls
 * can outlive the process, so after a restart every call an earlier run left unfinished is over, also one that was
 * still queued or ringing ({@link InterruptedByRestart}). With real Twilio such a call may still come to this run.
 *
 * @param name as in diagnostics, e.g. {@code the built-in Twilio simulator}
 */
public record InProcessTelephony(String name) {
}
