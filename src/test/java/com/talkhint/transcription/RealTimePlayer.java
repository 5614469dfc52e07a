package com.talkhint.transcription;

import java.util.List;
import java.util.concurrent.locks.LockSupport;

import com.talkhint.audio.AudioSink;
import com.talkhint.audio.Track;

/**
 * Plays calls into {@link AudioSink}s in real time, one 20 ms frame per track per tick, inbound and outbound
 * interleaved like Twilio's {@code both_tracks} socket. Any sink works: the transcription pipeline, or an
 * adapter that writes Twilio media JSON to {@code /twilio/stream} (to measure the path to {@code /ui/events}).
 */
final class RealTimePlayer {

	/** One call to play: agent audio on {@code inbound}, customer audio on {@code outbound} (outbound call). */
	record Call(AudioSink sink, short[] inbound, short[] outbound) {
	}

	private RealTimePlayer() {
	}

	/**
	 * Plays every call from the same start instant; each sink is closed after its last frame.
	 * @param onTick called after each tick with the tick number (e.g. to sample lag), may be {@code null}
	 * @return the {@link System#nanoTime()} of stream time 0, to compare final arrival times against
	 */
	static long play(List<Call> calls, java.util.function.IntConsumer onTick) {
		int ticks = calls.stream().mapToInt((c) -> Math.max(Feeding.frames(c.inbound()), Feeding.frames(c.outbound())))
			.max()
			.orElse(0);
		long start = System.nanoTime();
		boolean[] closed = new boolean[calls.size()];
		for (int tick = 0; tick < ticks; tick++) {
			long due = start + tick * 20_000_000L;
			for (long wait = due - System.nanoTime(); wait > 0; wait = due - System.nanoTime()) {
				LockSupport.parkNanos(wait);
			}
			for (int i = 0; i < calls.size(); i++) {
				Call call = calls.get(i);
				if (closed[i]) {
					continue;
				}
				boolean more = false;
				if (tick < Feeding.frames(call.inbound())) {
					call.sink().onFrame(Track.INBOUND, tick * 20L, Feeding.frame(call.inbound(), tick));
					more = true;
				}
				if (tick < Feeding.frames(call.outbound())) {
					call.sink().onFrame(Track.OUTBOUND, tick * 20L, Feeding.frame(call.outbound(), tick));
					more = true;
				}
				if (!more || tick == ticks - 1) {
					call.sink().close();
					closed[i] = true;
				}
			}
			if (onTick != null) {
				onTick.accept(tick);
			}
		}
		for (int i = 0; i < calls.size(); i++) {
			if (!closed[i]) {
				calls.get(i).sink().close();
			}
		}
		return start;
	}

}
