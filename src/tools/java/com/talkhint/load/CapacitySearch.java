package com.talkhint.load;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * {@code ./talkhint load --capacity}: the largest N of simultaneous calls TalkHint sustains — every call
 * completed, every frame counted, no frame dropped, no {@code transcription-lagging} diagnostic, no call refused,
 * final p95 within the limit (250 ms) — found by trying N = 1, 2, 4, … until a level fails, then bisecting.
 * Twice: with the calls' starts spread over a call length (N calls always up, their speech at unrelated moments),
 * and with all N starting within {@code --bunch-ms} (the same scenarios in step: speech bursts line up). Bare Vosk
 * is measured first, on the same audio, in the same run; the driver's own CPU is reported beside TalkHint's.
 */
final class CapacitySearch {

	/** Between levels: TalkHint steps its overload control down after 10 s in real time; wait for that. */
	private static final Duration CALM_LIMIT = Duration.ofSeconds(90);

	private final LoadOptions options;

	private final LoadRun run;

	private final MetricsClient metrics;

	private final long meanCallMs;

	private final long longestCallMs;

	private final PrintStream out;

	/** One mode's search: every level tried, by N, and the largest sustained. */
	record Search(String mode, List<LevelResult> levels, int largest) {
	}

	CapacitySearch(LoadOptions options, LoadRun run, MetricsClient metrics, long meanCallMs, long longestCallMs,
			PrintStream out) {
		this.options = options;
		this.run = run;
		this.metrics = metrics;
		this.meanCallMs = meanCallMs;
		this.longestCallMs = longestCallMs;
		this.out = out;
	}

	Search search(String mode) throws InterruptedException {
		TreeMap<Integer, LevelResult> tried = new TreeMap<>();
		int good = 0;
		int bad = -1;
		for (int n = 1; n <= this.options.capacityMax(); n *= 2) {
			if (level(mode, n, tried).sustained()) {
				good = n;
			}
			else {
				bad = n;
				break;
			}
		}
		if (bad < 0 && good < this.options.capacityMax()) {
			bad = this.options.capacityMax() + 1;
			if (level(mode, this.options.capacityMax(), tried).sustained()) {
				good = this.options.capacityMax();
			}
			else {
				bad = this.options.capacityMax();
			}
		}
		while (bad - good > 1) {
			int mid = (good + bad) / 2;
			if (level(mode, mid, tried).sustained()) {
				good = mid;
			}
			else {
				bad = mid;
			}
		}
		return new Search(mode, List.copyOf(tried.values()), good);
	}

	private LevelResult level(String mode, int n, TreeMap<Integer, LevelResult> tried) throws InterruptedException {
		awaitCalm();
		boolean spread = mode.equals("spread");
		// spread: each slot plays calls back to back, its first start a mean call length ÷ N after the previous
		// slot's, for two of the longest calls; bunched: one call per slot, all started within --bunch-ms.
		Duration stagger = spread ? Duration.ofMillis(this.meanCallMs / n) : this.options.bunch().dividedBy(n);
		Duration duration = spread ? Duration.ofMillis(Math.max(this.options.duration().toMillis(), 2 * this.longestCallMs))
				: Duration.ZERO;
		this.out.printf(Locale.ROOT, "[load] capacity (%s): N=%d, starts %d ms apart%s%n", mode, n, stagger.toMillis(),
				duration.isZero() ? "" : ", for " + duration.toSeconds() + " s");
		LevelResult level = this.run.level(n, duration, stagger, Duration.ofSeconds(1), false);
		this.out.printf(Locale.ROOT, "[load] capacity (%s): N=%d %s%n", mode, n, level.verdict().get(0));
		tried.put(n, level);
		return level;
	}

	/** Waits (bounded) until TalkHint has no stream open and is back to its normal, undegraded state. */
	private void awaitCalm() throws InterruptedException {
		long deadline = System.nanoTime() + CALM_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			Double streams = this.metrics.value("talkhint.streams.active");
			Double degradation = this.metrics.value("talkhint.transcription.degradation");
			if ((streams == null || streams == 0) && (degradation == null || degradation == 0)) {
				return;
			}
			new java.util.concurrent.CountDownLatch(1).await(1, java.util.concurrent.TimeUnit.SECONDS);
		}
	}

	/**
	 * The capacity section of the report; {@code bares} holds bare Vosk on the model as published first (the yardstick
	 * of the "vs bare" column), then on the precomposed graph TalkHint ships ("vs pre").
	 */
	static String text(List<BareVoskMeter> bares, int cores, List<Search> searches) {
		StringBuilder s = new StringBuilder();
		s.append(String.format(Locale.ROOT, "%nCapacity%n  bare Vosk, same audio, same run (both tracks, whole call, "
				+ "no gate, a new recogniser per track):%n"));
		for (BareVoskMeter graph : bares) {
			s.append(String.format(Locale.ROOT, "    model %-12s %.3f CPU-s per call-second → at most %.1f calls on %d "
					+ "cores%n", graph.graph() + ":", graph.cpuPerCallSecond(), cores / graph.cpuPerCallSecond(), cores));
		}
		BareVoskMeter bare = bares.get(0);
		BareVoskMeter precomposed = bares.get(bares.size() - 1);
		for (Search search : searches) {
			s.append(String.format(Locale.ROOT, "%n  %s starts: largest N sustained = %d%n", search.mode(), search.largest()));
			s.append(String.format(Locale.ROOT, "  %4s %4s %7s %8s %7s %6s %6s %6s %11s %11s %5s %5s %6s %s%n", "N", "ok",
					"cpu", "CPU-s/cs", "vs bare", "vs pre", "drv", "mach", "final p50/95", "hint p50/95", "lagD", "503", "load",
					"first failure"));
			for (LevelResult l : search.levels()) {
				Integer lagging = l.diagnostics().get("transcription-lagging");
				s.append(String.format(Locale.ROOT, "  %4d %4s %7s %8s %7s %6s %6s %6s %11s %11s %5d %5d %6s %s%n", l.calls(),
						l.sustained() ? "yes" : "NO", num(l.cpuCores(), 2), num(l.cpuPerCallSecond(), 3),
						ratio(l.cpuPerCallSecond(), bare), ratio(l.cpuPerCallSecond(), precomposed),
						num(l.driverCores(), 2), num(l.machineBusyCores(), 2), pair(l.finalP50Ms(), l.finalP95Ms()),
						pair(l.hintP50Ms(), l.hintP95Ms()), (lagging == null) ? 0 : lagging, l.refused(),
						num(l.loadAverage(), 1), l.sustained() ? "" : firstFailure(l)));
			}
		}
		return s.toString();
	}

	private static String ratio(Double cpuPerCallSecond, BareVoskMeter bare) {
		return (cpuPerCallSecond == null) ? "-"
				: String.format(Locale.ROOT, "%.2f×", cpuPerCallSecond / bare.cpuPerCallSecond());
	}

	private static String firstFailure(LevelResult l) {
		return l.verdict().stream().filter((v) -> v.startsWith("FAIL")).findFirst().orElse("").replaceFirst("^FAIL ", "");
	}

	private static String pair(Long a, Long b) {
		return (a == null) ? "-" : a + "/" + b;
	}

	private static String num(Double v, int decimals) {
		return (v == null || v.isNaN()) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	static List<LevelResult> allLevels(List<Search> searches) {
		List<LevelResult> all = new ArrayList<>();
		searches.forEach((s) -> all.addAll(s.levels()));
		return all;
	}

}
