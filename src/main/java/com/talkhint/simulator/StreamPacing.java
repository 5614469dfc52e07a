package com.talkhint.simulator;

import java.time.Instant;

/**
 * How one simulated media stream kept Twilio's real-time pace, for load drivers: when its first media frame left,
 * how many media messages went out, and how many left more than one frame period (20 ms) after their deadline.
 *
 * @param callSid the call the stream belongs to
 * @param streamSid the stream ({@code MZ…})
 * @param started wall-clock time of the media at {@code timestamp} 0, {@code null} while still connecting
 * @param mediaMessages {@code media} messages sent, all tracks together (one per track every 20 ms)
 * @param lateFrames 20 ms ticks sent more than one frame period behind their deadline (sent late, never skipped)
 * @param maxLateMs the worst lateness of any tick
 */
public record StreamPacing(String callSid, String streamSid, Instant started, long mediaMessages, long lateFrames,
		long maxLateMs) {
}
