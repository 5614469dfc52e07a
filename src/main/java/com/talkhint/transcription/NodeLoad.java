package com.talkhint.transcription;

import java.util.Locale;

/**
 * What this node measured about its own load, for diagnostics and for refusing calls it cannot transcribe.
 *
 * @param openStreams media streams being transcribed
 * @param cores processors this JVM may use
 * @param workers recognition worker threads
 * @param maxLagMs the worst recognition lag over open tracks (audio waiting), ms
 * @param recognitionCores CPU the recognition workers used over the last window, in cores
 * @param processCores CPU this process used over the last window, in cores ({@code NaN} when unknown)
 * @param machineCores CPU the whole machine used over the last window, in cores ({@code NaN} when unknown):
 * well above {@code processCores} means other work took the CPU
 * @param cpuPerCallSecond this process's CPU seconds per second of a two-track call, measured while it kept up
 * with real time ({@code NaN} before any)
 * @param capacity calls this node can transcribe in real time by that measure ({@code -1} before any)
 * @param level the degradation step in force
 */
public record NodeLoad(int openStreams, int cores, int workers, long maxLagMs, double recognitionCores,
		double processCores, double machineCores, double cpuPerCallSecond, int capacity, Degradation level) {

	/** Whether most of the machine's CPU went to other processes rather than to this one. */
	public boolean starvedByOtherWork() {
		return !Double.isNaN(this.machineCores) && !Double.isNaN(this.processCores)
				&& this.machineCores - this.processCores > Math.max(0.5, this.processCores);
	}

	/** One line for logs and diagnostics, e.g. "2 calls; recognition 0.41 cores; process 0.52, machine 1.98 of 2". */
	public String describe() {
		return String.format(Locale.ROOT, "%d call(s) streaming; recognition used %.2f cores, TalkHint %s, the whole "
				+ "machine %s of %d cores; %s per call-second; capacity %s; %s", this.openStreams, this.recognitionCores,
				cores(this.processCores), cores(this.machineCores), this.cores,
				Double.isNaN(this.cpuPerCallSecond) ? "no CPU-s figure yet"
						: String.format(Locale.ROOT, "%.3f CPU-s", this.cpuPerCallSecond),
				(this.capacity < 0) ? "not measured yet" : this.capacity + " calls", this.level.wireName());
	}

	private static String cores(double value) {
		return Double.isNaN(value) ? "n/a" : String.format(Locale.ROOT, "%.2f", value);
	}

}
