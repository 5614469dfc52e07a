package com.talkhint.simulator;

import java.util.Arrays;
import java.util.Objects;

/**
 * The two sides of a simulated conversation as G.711 µ-law, 8000 Hz mono: on an outbound call the agent is
 * the {@code inbound} track and the customer the {@code outbound} track. The shorter side is padded with
 * µ-law silence so both tracks run the same length, as on a real bridged call.
 */
public final class CallAudio {

	/** 8000 Hz × 20 ms = 160 µ-law bytes: one media message per track. */
	static final int FRAME_BYTES = 160;

	/** One µ-law byte per sample at 8000 Hz: 8 bytes per millisecond. */
	static final int BYTES_PER_MS = 8;

	/** µ-law code of a zero sample (0xFF), what a silent line carries. */
	static final byte SILENCE = (byte) 0xFF;

	private final String label;

	private final byte[] agent;

	private final byte[] customer;

	public CallAudio(String label, byte[] agent, byte[] customer) {
		this.label = Objects.requireNonNull(label, "label");
		int length = Math.max(agent.length, customer.length);
		this.agent = padded(agent, length);
		this.customer = padded(customer, length);
	}

	/** Where the audio came from (scenario id or file names), for logs. */
	public String label() {
		return this.label;
	}

	/** Length of the conversation in milliseconds. */
	public long durationMs() {
		return this.agent.length / BYTES_PER_MS;
	}

	/** Number of 20 ms media frames per track; the last one is padded with silence. */
	int frameCount() {
		return (this.agent.length + FRAME_BYTES - 1) / FRAME_BYTES;
	}

	/** Frame {@code index} (0-based) of the agent's side, silence past the end. */
	byte[] agentFrame(int index) {
		return frame(this.agent, index);
	}

	/** Frame {@code index} (0-based) of the customer's side, silence past the end. */
	byte[] customerFrame(int index) {
		return frame(this.customer, index);
	}

	private static byte[] frame(byte[] audio, int index) {
		byte[] frame = new byte[FRAME_BYTES];
		int from = index * FRAME_BYTES;
		int available = Math.max(0, Math.min(FRAME_BYTES, audio.length - from));
		if (available > 0) {
			System.arraycopy(audio, from, frame, 0, available);
		}
		Arrays.fill(frame, available, FRAME_BYTES, SILENCE);
		return frame;
	}

	private static byte[] padded(byte[] audio, int length) {
		if (audio.length == length) {
			return audio.clone();
		}
		byte[] out = Arrays.copyOf(audio, length);
		Arrays.fill(out, audio.length, length, SILENCE);
		return out;
	}

}
