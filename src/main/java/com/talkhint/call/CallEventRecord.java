package com.talkhint.call;

import java.time.Instant;

import com.talkhint.event.CallEvent;

/**
 * One line of a call's event history.
 *
 * @param at when it happened
 * @param type the event's wire type, e.g. {@code call.status}
 * @param detail a short line for people (the log); never parsed
 * @param event the stored event, the same record that was published; {@code null} for an old row without data
 */
public record CallEventRecord(Instant at, String type, String detail, CallEvent event) {
}
