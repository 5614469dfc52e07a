package com.talkhint.audio;

/** Test signals and a single-frequency DFT (Goertzel) to measure them. */
final class Tones {

	private Tones() {
	}

	static short[] sine(double hz, int rate, int samples, double amplitude) {
		short[] out = new short[samples];
		for (int i = 0; i < samples; i++) {
			out[i] = (short) Math.round(amplitude * Math.sin(2 * Math.PI * hz * i / rate));
		}
		return out;
	}

	/** Amplitude of the {@code hz} component of {@code x[from … to)}, Hann-windowed (so leakage stays local). */
	static double amplitude(short[] x, int from, int to, double hz, int rate) {
		int n = to - from;
		double omega = 2 * Math.PI * hz / rate;
		double coefficient = 2 * Math.cos(omega);
		double s1 = 0;
		double s2 = 0;
		double windowSum = 0;
		for (int i = 0; i < n; i++) {
			double window = 0.5 - 0.5 * Math.cos(2 * Math.PI * i / (n - 1));
			windowSum += window;
			double s0 = x[from + i] * window + coefficient * s1 - s2;
			s2 = s1;
			s1 = s0;
		}
		double power = s1 * s1 + s2 * s2 - coefficient * s1 * s2;
		return 2 * Math.sqrt(Math.max(0, power)) / windowSum;
	}

	/** Strongest frequency in 10 Hz steps between {@code lowHz} and {@code highHz}. */
	static double peakHz(short[] x, int from, int to, int rate, double lowHz, double highHz) {
		double best = lowHz;
		double bestAmplitude = -1;
		for (double hz = lowHz; hz <= highHz; hz += 10) {
			double a = amplitude(x, from, to, hz, rate);
			if (a > bestAmplitude) {
				bestAmplitude = a;
				best = hz;
			}
		}
		return best;
	}

	static double db(double ratio) {
		return 20 * Math.log10(ratio);
	}

}
