package com.talkhint.call;

import java.time.Instant;

/** One line of a call's event history: {@code {at, type, detail}}. */
public record CallEventRecord(Instant at, String type, String detail) {
}
