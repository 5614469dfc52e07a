package com.talkhint.call;

import java.time.Instant;

/**
 * Something in the call chain that did not happen, or happened wrong, with its likely cause and the fix.
 *
 * @param at when it was detected
 * @param code stable id, e.g. {@code no-twiml-fetch}
 * @param message what happened, in one sentence
 * @param cause the usual reasons
 * @param fix what to change
 */
public record Diagnostic(Instant at, String code, String message, String cause, String fix) {
}
