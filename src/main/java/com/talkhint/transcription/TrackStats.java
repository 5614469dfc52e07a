package com.talkhint.transcription;

import com.talkhint.audio.Speaker;

/**
 * How one track's transcription is keeping up.
 *
 * @param callSid the call
 * @param speaker whose track
 * @param lagMs audio waiting to be recognised: how far behind real time the track is
 * @param queuedFrames media frames waiting
 * @param droppedFrames frames dropped so far because recognition fell behind
 * @param audioMs stream audio processed so far
 * @param recognizedMs audio actually fed to the recogniser (the rest was silence the gate skipped)
 * @param cpuMs CPU time the track's recognition thread used
 * @param finals final results delivered
 */
public record TrackStats(String callSid, Speaker speaker, long lagMs, int queuedFrames, long droppedFrames,
		long audioMs, long recognizedMs, long cpuMs, long finals) {

	/**
	 * Back in real time: less than this much audio waiting (a few frames of jitter). A track says it caught up below
	 * it, and the {@link LoadGovernor} counts the node calm below it.
	 */
	static final long CAUGHT_UP_MS = 200;

	/** CPU seconds per second of audio: below 1 keeps up with real time on one core. */
	public double realTimeFactor() {
		return (this.audioMs == 0) ? 0 : (double) this.cpuMs / this.audioMs;
	}

}
