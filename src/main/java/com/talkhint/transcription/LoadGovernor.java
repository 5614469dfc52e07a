package com.talkhint.transcription;

import java.lang.management.ManagementFactory;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's calls in real time when it runs out of CPU, by degrading in a fixed order — fewer partials,
 * then the cheaper decoder, then refusing new calls — and never by cutting audio out of a running call. Driven by
 * what it measures: the worst recognition lag over open tracks, and the CPU this process spends per call-second
 * while it keeps up (which gives the node's capacity for {@link #refusal()}). Re-evaluated at most every
 * {@value #TICK_MS} ms, lazily, by whoever asks (recognition turns, metrics, {@code /start-call}); steps up at
 * once, steps down one level after {@value #CALM_MS} ms in real time.
 */
public final class LoadGovernor {

	private static final Logger log = LoggerFactory.getLogger(LoadGovernor.class);

	static final long TICK_MS = 500;

	/** In real time this long (worst lag below {@link TrackStats#CAUGHT_UP_MS}) before stepping down a level. */
	static final long CALM_MS = 10_000;

	/** Partials are asked for this many times less often from {@link Degradation#FEWER_PARTIALS} on. */
	static final int PARTIAL_SLOWDOWN = 5;

	/** Share of the cores new calls may plan on: the rest absorbs speech that lines up across calls. */
	static final double PLANNED_SHARE = 0.8;

	/**
	 * Call-seconds measured in real time before the CPU per call-second is trusted to refuse calls: a young estimate
	 * is mostly the JIT and whatever else the process did at start (and, on a model whose graph is composed on the
	 * fly, fresh recognisers, which decode dearer until their caches fill). At 60 a node ramping up to ten calls on
	 * such a graph trusted it after 8 s and refused calls at an estimate of 0.15-0.19 CPU-s per call-second
	 * (capacity 8-10) that settled at 0.11 a minute later (soak at N=10, docs/load.md); a minute of ten calls lets
	 * the ramp pass. Until then the lag-driven steps guard the node.
	 */
	static final double TRUSTED_AFTER_CALL_SECONDS = 600;

	/** Weight of the newest window in the CPU-per-call-second average. */
	private static final double SMOOTHING = 0.2;

	private final Supplier<TranscriptionStats> stats;

	private final LongSupplier recognitionCpuNanos;

	private final LongSupplier audioMs;

	private final LongSupplier processCpuNanos;

	private final int workers;

	private final int cores = Runtime.getRuntime().availableProcessors();

	/** Worst lag at which each step is taken (FEWER_PARTIALS, ECONOMY_DECODER, REFUSING_CALLS). */
	private final long[] stepAtMs;

	private final LongSupplier clock;

	private final AtomicLong nextTick = new AtomicLong();

	private final Map<Degradation, LongAdder> entered = new EnumMap<>(Degradation.class);

	private volatile Degradation level = Degradation.NORMAL;

	private volatile NodeLoad last;

	// Updated under the tick (one at a time).

	private long lastNanos;

	private long lastCpu;

	private long lastAudio;

	private long lastProcessCpu = -1;

	private long calmSince;

	private double cpuPerCallSecond = Double.NaN;

	/** Call-seconds behind {@link #cpuPerCallSecond}. */
	private double sampledCallSeconds;

	/** Most calls this node has held while keeping up: it can take that many whatever the estimate says. */
	private int heldInRealTime;

	/**
	 * @param stats the pipeline's open tracks
	 * @param recognitionCpuNanos CPU the recognition workers used so far (all tracks, closed ones included)
	 * @param audioMs track audio processed so far (both tracks of a call count)
	 * @param processCpuNanos CPU this process used so far ({@code -1} when unknown)
	 * @param workers recognition worker threads
	 * @param laggingMs {@code talkhint.transcription.max-lag}: the lag at which new calls are refused; the
	 * economy decoder comes in at half of it, fewer partials at a fifth
	 */
	LoadGovernor(Supplier<TranscriptionStats> stats, LongSupplier recognitionCpuNanos, LongSupplier audioMs,
			LongSupplier processCpuNanos, int workers, long laggingMs, LongSupplier clockMillis) {
		this.stats = stats;
		this.recognitionCpuNanos = recognitionCpuNanos;
		this.audioMs = audioMs;
		this.processCpuNanos = processCpuNanos;
		this.workers = workers;
		this.stepAtMs = new long[] { laggingMs / 5, laggingMs / 2, laggingMs };
		this.clock = clockMillis;
		for (Degradation step : Degradation.values()) {
			this.entered.put(step, new LongAdder());
		}
		this.lastNanos = clockMillis.getAsLong() * 1_000_000;
		this.calmSince = clockMillis.getAsLong();
	}

	/** The step in force now. */
	public Degradation level() {
		tick();
		return this.level;
	}

	/** The latest measurements. */
	public NodeLoad snapshot() {
		tick();
		NodeLoad load = this.last;
		return (load != null) ? load : measure(this.level, 0);
	}

	/** How many times each step was entered since start (metrics). */
	public long entered(Degradation step) {
		return this.entered.get(step).sum();
	}

	/**
	 * Why this node must not take one more call, or {@code null} when it can: it is refusing calls and its live
	 * streams are still more than half of max-lag behind real time, or its measured capacity is already used.
	 */
	public String refusal() {
		NodeLoad load = snapshot();
		// Refused while the streams are still well behind (more than the economy step's lag): the steps themselves
		// ease off slowly, but a node that has caught up takes calls again at once.
		if (load.level() == Degradation.REFUSING_CALLS && load.maxLagMs() > this.stepAtMs[1]) {
			return "transcription is " + load.maxLagMs() + " ms behind real time on this node";
		}
		if (load.capacity() >= 0 && load.openStreams() >= load.capacity()) {
			return "this node is at its measured capacity of " + load.capacity() + " simultaneous calls";
		}
		return null;
	}

	private void tick() {
		long now = this.clock.getAsLong();
		long due = this.nextTick.get();
		if (now < due || !this.nextTick.compareAndSet(due, now + TICK_MS)) {
			return;
		}
		synchronized (this) {
			TranscriptionStats current = this.stats.get();
			long lag = current.maxLagMs();
			Degradation wanted = Degradation.NORMAL;
			for (int i = 0; i < this.stepAtMs.length; i++) {
				if (lag > this.stepAtMs[i]) {
					wanted = Degradation.values()[i + 1];
				}
			}
			Degradation was = this.level;
			if (lag >= TrackStats.CAUGHT_UP_MS) {
				this.calmSince = now;
			}
			Degradation next = was;
			if (wanted.compareTo(was) > 0) {
				next = wanted;
			}
			else if (was != Degradation.NORMAL && now - this.calmSince >= CALM_MS) {
				next = Degradation.values()[was.ordinal() - 1];
				this.calmSince = now;
			}
			this.last = measure(next, lag, current.openStreams());
			if (next != was) {
				this.level = next;
				if (next.compareTo(was) > 0) {
					this.entered.get(next).increment();
					log.warn("[transcription] overload: {} → {} ({} ms behind real time; {})", was.wireName(),
							next.wireName(), lag, this.last.describe());
				}
				else {
					log.info("[transcription] load eased: {} → {} ({})", was.wireName(), next.wireName(),
							this.last.describe());
				}
			}
		}
	}

	private NodeLoad measure(Degradation at, long lag) {
		return new NodeLoad(this.stats.get().openStreams(), this.cores, this.workers, lag, 0, Double.NaN,
				Double.NaN, this.cpuPerCallSecond, capacity(), at);
	}

	private NodeLoad measure(Degradation at, long lag, int openStreams) {
		long nanos = this.clock.getAsLong() * 1_000_000;
		double wall = Math.max(1_000_000, nanos - this.lastNanos);
		long cpu = this.recognitionCpuNanos.getAsLong();
		long audio = this.audioMs.getAsLong();
		double recognitionCores = (cpu - this.lastCpu) / wall;
		long processCpu = this.processCpuNanos.getAsLong();
		double processCores = (processCpu < 0 || this.lastProcessCpu < 0) ? Double.NaN
				: (processCpu - this.lastProcessCpu) / wall;
		// What a call costs this process (recognition, sockets, listeners, GC: all of it), measured only while the
		// node keeps up: then the CPU it used is what its calls needed, not what other work left it.
		if (openStreams > 0 && lag < TrackStats.CAUGHT_UP_MS && audio - this.lastAudio > 0
				&& !Double.isNaN(processCores)) {
			double perCallSecond = processCores / openStreams;
			this.cpuPerCallSecond = Double.isNaN(this.cpuPerCallSecond) ? perCallSecond
					: this.cpuPerCallSecond * (1 - SMOOTHING) + perCallSecond * SMOOTHING;
			this.sampledCallSeconds += openStreams * wall / 1e9;
			this.heldInRealTime = Math.max(this.heldInRealTime, openStreams);
		}
		this.lastNanos = nanos;
		this.lastCpu = cpu;
		this.lastAudio = audio;
		this.lastProcessCpu = processCpu;
		return new NodeLoad(openStreams, this.cores, this.workers, lag, recognitionCores, processCores,
				machineCores(), this.cpuPerCallSecond, capacity(), at);
	}

	/**
	 * Calls this node plans to hold, or -1 while the estimate is too young to refuse anyone on: never fewer than it
	 * has already held in real time (a measurement beats a prediction).
	 */
	private int capacity() {
		double perCall = this.cpuPerCallSecond;
		if (Double.isNaN(perCall) || perCall <= 0 || this.sampledCallSeconds < TRUSTED_AFTER_CALL_SECONDS) {
			return -1;
		}
		return Math.max(this.heldInRealTime, (int) Math.floor(this.cores * PLANNED_SHARE / perCall));
	}

	/** This JVM's CPU time so far, or -1 when the platform does not say. */
	static long processCpuNanos() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			return os.getProcessCpuTime();
		}
		return -1;
	}

	private double machineCores() {
		if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
			double load = os.getCpuLoad();
			return (load < 0) ? Double.NaN : load * this.cores;
		}
		return Double.NaN;
	}

}
