package com.talkhint.audio;

import java.util.Arrays;

/**
 * Rational sample-rate converter (polyphase windowed-sinc FIR, Kaiser window) that keeps its state across
 * calls, so a stream can be converted one 20 ms frame at a time without clicks at frame edges.
 *
 * <p>Output sample {@code n} is the band-limited input evaluated at input time {@code n × from / to}: the
 * output is time-aligned with the input (no timestamp shift), it just becomes available about half a filter
 * length later. For 8 → 16 kHz that is 87 input samples ≈ 11 ms. The cutoff sits at the lower Nyquist
 * frequency with a transition band 5 % of it wide (±100 Hz around 4 kHz for 8 → 16 kHz): a 3.9 kHz tone
 * passes, its 4.1 kHz image is stopped by {@value #DEFAULT_STOPBAND_DB} dB. When downsampling the whole
 * transition band lies below the output Nyquist, so nothing aliases.
 *
 * <p>Not thread-safe: one instance per stream.
 */
public final class Resampler {

	/** Stopband attenuation of the default filter, in dB. */
	public static final double DEFAULT_STOPBAND_DB = 70;

	/** Default transition band width as a fraction of the lower Nyquist frequency. */
	public static final double DEFAULT_TRANSITION = 0.05;

	/**
	 * Above this many phases the filter table would get large (odd rate pairs such as 44101 → 8000), so the
	 * fractional position is rounded to one of this many phases instead: a timing error below 1/8192 of an
	 * input sample, far below anything audible or measurable by a recogniser.
	 */
	private static final int MAX_PHASES = 4096;

	private final int fromRate;

	private final int toRate;

	/** Output samples per {@link #down} input samples, both reduced by their gcd. */
	private final int up;

	private final int down;

	/** Taps per output sample (even): the filter spans input times t − taps/2 + 1 … t + taps/2. */
	private final int taps;

	private final int phases;

	/** {@code table[p * taps + k]}: weight of input sample {@code floor(t) − taps/2 + 1 + k} at phase p. */
	private final float[] table;

	/** Input samples not yet consumed; {@code history[0]} is input sample number {@link #historyStart}. */
	private float[] history;

	private int historyLength;

	private long historyStart;

	/** Input samples received so far. */
	private long inputCount;

	/** Output samples produced so far. */
	private long outputCount;

	/** Converts with the default filter (70 dB stopband, 5 % transition band). */
	public Resampler(int fromRate, int toRate) {
		this(fromRate, toRate, DEFAULT_STOPBAND_DB, DEFAULT_TRANSITION);
	}

	/**
	 * Converts with a filter of the given quality (a longer filter is sharper and slower).
	 * @param stopbandDb attenuation of everything above the lower Nyquist frequency, e.g. 70
	 * @param transition transition band width as a fraction of the lower Nyquist frequency, e.g. 0.05
	 */
	public Resampler(int fromRate, int toRate, double stopbandDb, double transition) {
		if (fromRate <= 0 || toRate <= 0) {
			throw new IllegalArgumentException("sample rates must be positive, got " + fromRate + " → " + toRate);
		}
		if (stopbandDb < 20 || transition <= 0 || transition >= 1) {
			throw new IllegalArgumentException("filter needs stopbandDb ≥ 20 and 0 < transition < 1");
		}
		this.fromRate = fromRate;
		this.toRate = toRate;
		int gcd = gcd(fromRate, toRate);
		this.up = toRate / gcd;
		this.down = fromRate / gcd;
		double lowerNyquist = Math.min(fromRate, toRate) / 2.0;
		double transitionHz = transition * lowerNyquist;
		// Upsampling: centre the transition on the input Nyquist (keeps the whole input band, kills images).
		// Downsampling: end it at the output Nyquist so nothing folds back.
		double cutoffHz = (toRate >= fromRate) ? lowerNyquist : lowerNyquist - transitionHz / 2;
		// Kaiser's estimate of the filter length, in input samples: (A − 8) / (2.285 · Δω), Δω per input sample.
		double deltaOmega = 2 * Math.PI * transitionHz / fromRate;
		int length = (int) Math.ceil((stopbandDb - 8) / (2.285 * deltaOmega));
		this.taps = Math.max(2, length + (length & 1));
		this.phases = Math.min(this.up, MAX_PHASES);
		this.table = buildTable(cutoffHz / fromRate, kaiserBeta(stopbandDb));
		this.history = new float[this.taps * 4];
		// Virtual zeros before the first sample, so the first outputs need no special case.
		this.historyLength = this.taps;
		this.historyStart = -this.taps;
	}

	/** Converts a whole buffer in one go (e.g. a WAV file to 8000 Hz). Returns a copy when the rates match. */
	public static short[] resample(short[] in, int fromRate, int toRate) {
		if (fromRate == toRate) {
			return in.clone();
		}
		Resampler resampler = new Resampler(fromRate, toRate);
		short[] head = resampler.process(in);
		short[] tail = resampler.flush();
		int expected = (int) ((long) in.length * toRate / fromRate);
		short[] out = Arrays.copyOf(head, expected);
		int fromTail = Math.max(0, Math.min(tail.length, expected - head.length));
		System.arraycopy(tail, 0, out, head.length, fromTail);
		return out;
	}

	/** Feeds the next input samples and returns every output sample that is now complete. */
	public short[] process(short[] in) {
		return process(in, 0, in.length);
	}

	/** Feeds {@code in[offset … offset+length)} and returns every output sample that is now complete. */
	public short[] process(short[] in, int offset, int length) {
		ensureCapacity(length);
		for (int i = 0; i < length; i++) {
			this.history[this.historyLength + i] = in[offset + i];
		}
		this.historyLength += length;
		this.inputCount += length;
		return drain();
	}

	/**
	 * Ends the stream: pushes out the outputs still held back by the filter (the input is taken as silent
	 * after its end). The instance must not be used afterwards.
	 */
	public short[] flush() {
		long wanted = (this.inputCount * this.up + this.down - 1) / this.down;
		int pad = this.taps / 2 + 2;
		ensureCapacity(pad);
		Arrays.fill(this.history, this.historyLength, this.historyLength + pad, 0f);
		this.historyLength += pad;
		this.inputCount += pad;
		short[] out = drain();
		int keep = (int) Math.max(0, Math.min(out.length, wanted - (this.outputCount - out.length)));
		return Arrays.copyOf(out, keep);
	}

	/** Input samples the filter holds back before an output can be computed (about half its length). */
	public int latencyInputSamples() {
		return this.taps / 2;
	}

	public int fromRate() {
		return this.fromRate;
	}

	public int toRate() {
		return this.toRate;
	}

	/** Taps per output sample; the cost of one output sample in multiply-adds. */
	public int taps() {
		return this.taps;
	}

	private short[] drain() {
		int half = this.taps / 2;
		// Output n sits at input time t = n·down/up and needs inputs up to floor(t) + half (+1 when the phase
		// is rounded up to the next whole sample). With a = the largest usable floor(t):
		// floor(n·down/up) ≤ a  ⟺  n ≤ ((a + 1)·up − 1) / down.
		long a = this.inputCount - 1 - half - ((this.phases == this.up) ? 0 : 1);
		long last = (a < 0) ? -1 : ((a + 1) * this.up - 1) / this.down;
		int count = (int) Math.max(0, last + 1 - this.outputCount);
		short[] out = new short[count];
		for (int j = 0; j < count; j++) {
			long n = this.outputCount + j;
			long position = n * this.down;
			long whole = Math.floorDiv(position, this.up);
			long remainder = position - whole * this.up;
			int phase;
			if (this.phases == this.up) {
				phase = (int) remainder;
			}
			else {
				phase = (int) Math.round((double) remainder * this.phases / this.up);
				if (phase == this.phases) {
					phase = 0;
					whole++;
				}
			}
			int first = (int) (whole - half + 1 - this.historyStart);
			int base = phase * this.taps;
			float acc = 0;
			for (int k = 0; k < this.taps; k++) {
				acc += this.table[base + k] * this.history[first + k];
			}
			out[j] = clip(acc);
		}
		this.outputCount += count;
		discardConsumed();
		return out;
	}

	/** Drops input samples no future output can reach. */
	private void discardConsumed() {
		long nextWhole = Math.floorDiv(this.outputCount * this.down, this.up);
		long keepFrom = nextWhole - this.taps / 2; // one spare sample for rounded phases
		int drop = (int) Math.max(0, Math.min(this.historyLength, keepFrom - this.historyStart));
		if (drop > 0) {
			System.arraycopy(this.history, drop, this.history, 0, this.historyLength - drop);
			this.historyLength -= drop;
			this.historyStart += drop;
		}
	}

	private void ensureCapacity(int extra) {
		if (this.historyLength + extra > this.history.length) {
			this.history = Arrays.copyOf(this.history, Math.max(this.history.length * 2, this.historyLength + extra));
		}
	}

	/**
	 * Phase p holds the windowed sinc sampled at offsets {@code (p / phases) − (k − half + 1)} for each tap
	 * k; each phase is normalised to unit DC gain so silence stays silence and levels are exact.
	 */
	private float[] buildTable(double cutoffPerInputSample, double beta) {
		int half = this.taps / 2;
		float[] result = new float[this.phases * this.taps];
		double i0Beta = besselI0(beta);
		for (int p = 0; p < this.phases; p++) {
			double fraction = (double) p / this.phases;
			double sum = 0;
			double[] row = new double[this.taps];
			for (int k = 0; k < this.taps; k++) {
				double tau = fraction - (k - half + 1); // distance from output time to this input, in samples
				double x = tau / half;
				double window = (Math.abs(x) >= 1) ? 0 : besselI0(beta * Math.sqrt(1 - x * x)) / i0Beta;
				double argument = 2 * cutoffPerInputSample * tau;
				double sinc = (argument == 0) ? 1 : Math.sin(Math.PI * argument) / (Math.PI * argument);
				row[k] = 2 * cutoffPerInputSample * sinc * window;
				sum += row[k];
			}
			for (int k = 0; k < this.taps; k++) {
				result[p * this.taps + k] = (float) (row[k] / sum);
			}
		}
		return result;
	}

	private static double kaiserBeta(double stopbandDb) {
		if (stopbandDb > 50) {
			return 0.1102 * (stopbandDb - 8.7);
		}
		return 0.5842 * Math.pow(stopbandDb - 21, 0.4) + 0.07886 * (stopbandDb - 21);
	}

	/** Modified Bessel function of the first kind, order 0 (power series; converges fast for β < 20). */
	private static double besselI0(double x) {
		double sum = 1;
		double term = 1;
		double quarterSquare = x * x / 4;
		for (int k = 1; k < 50; k++) {
			term *= quarterSquare / ((double) k * k);
			sum += term;
			if (term < sum * 1e-12) {
				break;
			}
		}
		return sum;
	}

	private static short clip(float value) {
		int rounded = Math.round(value);
		if (rounded > Short.MAX_VALUE) {
			return Short.MAX_VALUE;
		}
		if (rounded < Short.MIN_VALUE) {
			return Short.MIN_VALUE;
		}
		return (short) rounded;
	}

	private static int gcd(int a, int b) {
		return (b == 0) ? a : gcd(b, a % b);
	}

}
