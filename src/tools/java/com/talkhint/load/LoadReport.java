package com.talkhint.load;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.talkhint.load.LevelResult.Sample;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * Everything one {@code ./talkhint load} run measured: the setup, every level, the largest N sustained in real
 * time, and the soak with its trends. Rendered as a text table (stdout and {@code report.txt}), as JSON
 * ({@code report.json}) and as charts ({@code latency.png}, {@code resources.png}, {@code soak.png}).
 *
 * @param setup what ran where (machine, load, JVM options, transcription present)
 * @param levels the load levels in order
 * @param largestSustained largest N that held every limit, {@code null} when none did
 * @param soak the soak level, {@code null} when not asked for
 * @param trends the soak's memory and thread trends
 * @param files what was written, by name
 * @param capacity the capacity search's section ({@code --capacity}), empty otherwise
 */
record LoadReport(Map<String, String> setup, List<LevelResult> levels, Integer largestSustained, LevelResult soak,
		List<Trend> trends, Map<String, String> files, String capacity) {

	/** The table of levels, then the verdicts and the soak. */
	String text() {
		StringBuilder out = new StringBuilder();
		out.append("TalkHint load run\n");
		this.setup.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-22s %s%n", k, v)));
		if (!this.levels.isEmpty()) {
			out.append('\n');
			out.append(String.format(Locale.ROOT, "%4s %7s %6s %6s %5s %5s %5s %11s %7s %4s %13s %13s %15s %5s %5s %6s %s%n",
					"N", "calls", "cpu", "steady", "rtf", "drv", "mach", "rss idle/max", "heapMax", "thr", "final p50/95",
					"hint p50/95", "frames sent/rx", "drop", "late", "lag", "sustained"));
			out.append(String.format(Locale.ROOT, "%4s %7s %6s %6s %5s %5s %5s %11s %7s %4s %13s %13s %15s %5s %5s %6s%n", "",
					"ok/all", "cores", "cores", "track", "cores", "cores", "MiB", "MiB", "", "ms", "ms", "", "", "ticks", "ms"));
			for (LevelResult l : this.levels) {
				out.append(row(l));
			}
			out.append('\n');
			for (LevelResult l : this.levels) {
				out.append("N=").append(l.calls()).append(":\n");
				l.verdict().forEach((v) -> out.append("  ").append(v).append('\n'));
				l.failures().stream().limit(5).forEach((f) -> out.append("  - ").append(f).append('\n'));
				out.append(String.format(Locale.ROOT, "  %d/%d utterances got a final, %d/%d expected hints fired, "
						+ "browser feed %.1f events/s%n", l.finalsMeasured(), l.utterances(), l.hintsFired(),
						l.hintsExpected(), l.uiEventsPerSecond()));
				if (!l.finalStages().isEmpty()) {
					out.append("  finals inside TalkHint, p50/p95 (mean over n) ms: ").append(l.finalStages()).append('\n');
				}
				if (!l.diagnostics().isEmpty()) {
					out.append("  diagnostics: ").append(l.diagnostics()).append('\n');
				}
			}
			out.append('\n').append("Largest N sustained in real time: ")
				.append((this.largestSustained != null) ? this.largestSustained : "none of the levels run")
				.append('\n');
		}
		out.append(this.capacity);
		if (this.soak != null) {
			out.append(String.format(Locale.ROOT, "%nSoak: N=%d for %.1f min, %d calls (%d completed)%n", this.soak.calls(),
					this.soak.seconds() / 60, this.soak.callsStarted(), this.soak.callsCompleted()));
			out.append(row(this.soak));
			this.soak.verdict().forEach((v) -> out.append("  ").append(v).append('\n'));
			out.append(String.format(Locale.ROOT, "  %-32s %10s %10s %10s %12s  %s%n", "trend after warm-up", "start", "end",
					"max", "slope/min", "growth?"));
			for (Trend t : this.trends) {
				out.append(String.format(Locale.ROOT, "  %-32s %10s %10s %10s %12s  %s%n", t.metric() + " (" + t.unit() + ")",
						num(t.start(), 1), num(t.end(), 1), num(t.max(), 1), num(t.slopePerMinute(), 2),
						(t.slopePerMinute() == null) ? "n/a" : t.growing() ? "GROWING" : "flat"));
			}
		}
		if (!this.files.isEmpty()) {
			out.append('\n');
			this.files.forEach((k, v) -> out.append(String.format(Locale.ROOT, "  %-14s %s%n", k, v)));
		}
		return out.toString();
	}

	private static String row(LevelResult l) {
		return String.format(Locale.ROOT, "%4d %7s %6s %6s %5s %5s %5s %11s %7s %4s %13s %13s %15s %5s %5d %6s %s%n", l.calls(),
				l.callsCompleted() + "/" + (l.callsStarted() + countUnplaced(l)), num(l.cpuCores(), 2),
				num(l.cpuCoresSteady(), 2), num(l.realtimeFactor(), 2), num(l.driverCores(), 2),
				num(l.machineBusyCores(), 2), num(l.idleRssMiB(), 0) + "/" + num(l.rssMaxMiB(), 0),
				num(l.heapMaxMiB(), 0), (l.threadsMax() != null) ? l.threadsMax().toString() : "-",
				pair(l.finalP50Ms(), l.finalP95Ms()), pair(l.hintP50Ms(), l.hintP95Ms()),
				l.framesSent() + "/" + ((l.framesReceived() != null) ? l.framesReceived() : "-"),
				(l.transcriptionDropped() != null) ? l.transcriptionDropped().toString() : "-", l.lateTicks(),
				num(l.maxLagMs(), 0), l.sustained() ? "yes" : "NO");
	}

	private static int countUnplaced(LevelResult l) {
		return (int) l.failures().stream().filter((f) -> f.startsWith("(no call)")).count();
	}

	private static String pair(Long a, Long b) {
		return (a == null) ? "-" : a + "/" + b;
	}

	private static String num(Double v, int decimals) {
		return (v == null || v.isNaN()) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
	}

	/** Writes report.txt, report.json and the charts into {@code dir}; returns the report with their paths. */
	LoadReport write(Path dir) throws IOException {
		Map<String, String> files = new java.util.LinkedHashMap<>();
		if (!this.levels.isEmpty()) {
			List<Integer> n = this.levels.stream().map(LevelResult::calls).toList();
			LineChart latency = new LineChart("TalkHint latency against simultaneous calls", "simultaneous calls (N)",
					"ms after the utterance ended")
				.series("final p50", n, this.levels.stream().map(LevelResult::finalP50Ms).toList())
				.series("final p95", n, this.levels.stream().map(LevelResult::finalP95Ms).toList())
				.series("hint p50", n, this.levels.stream().map(LevelResult::hintP50Ms).toList())
				.series("hint p95", n, this.levels.stream().map(LevelResult::hintP95Ms).toList())
				.reference("1 s target", 1000);
			Path latencyPng = dir.resolve("latency.png");
			LineChart.write(latencyPng, 1000, 420, latency);
			files.put("latency chart", latencyPng.toString());
			LineChart cpu = new LineChart("TalkHint CPU against simultaneous calls", "simultaneous calls (N)", "cores")
				.series("TalkHint, N streaming", n, this.levels.stream().map(LevelResult::cpuCoresSteady).toList())
				.series("TalkHint, level avg", n, this.levels.stream().map(LevelResult::cpuCores).toList())
				.series("driver + simulator", n, this.levels.stream().map(LevelResult::driverCores).toList())
				.series("whole machine", n, this.levels.stream().map(LevelResult::machineBusyCores).toList());
			LineChart memory = new LineChart("TalkHint memory against simultaneous calls", "simultaneous calls (N)", "MiB")
				.series("RSS max", n, this.levels.stream().map(LevelResult::rssMaxMiB).toList())
				.series("heap used max", n, this.levels.stream().map(LevelResult::heapMaxMiB).toList());
			Path resourcesPng = dir.resolve("resources.png");
			LineChart.write(resourcesPng, 1000, 380, cpu, memory);
			files.put("resources chart", resourcesPng.toString());
		}
		if (this.soak != null) {
			List<Sample> s = this.soak.samples();
			List<Double> minutes = s.stream().map((x) -> x.seconds() / 60).toList();
			LineChart memory = new LineChart("Soak: memory (N=" + this.soak.calls() + ")", "minutes", "MiB")
				.series("RSS", minutes, s.stream().map(Sample::rssMiB).toList())
				.series("heap used", minutes, s.stream().map(Sample::heapUsedMiB).toList())
				.series("live data after GC", minutes, s.stream().map(Sample::liveDataMiB).toList());
			LineChart threads = new LineChart("Soak: threads, streams, recognisers", "minutes", "count")
				.series("live JVM threads", minutes, s.stream().map(Sample::threads).toList())
				.series("open media streams", minutes, s.stream().map(Sample::activeStreams).toList())
				.series("Vosk recognisers", minutes, s.stream().map(Sample::recognizers).toList());
			LineChart cpu = new LineChart("Soak: CPU", "minutes", "cores")
				.series("TalkHint", minutes, s.stream().map(Sample::cpuCores).toList());
			Path soakPng = dir.resolve("soak.png");
			LineChart.write(soakPng, 1000, 340, memory, threads, cpu);
			files.put("soak chart", soakPng.toString());
			Path tsv = dir.resolve("soak.tsv");
			List<String> lines = new ArrayList<>();
			lines.add("seconds\tcpu_cores\theap_used_mib\tlive_data_mib\tthreads\trss_mib\tactive_streams\tlag_ms"
					+ "\trecognizers\trealtime_factor");
			for (Sample x : s) {
				lines.add(String.format(Locale.ROOT, "%.1f\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s", x.seconds(),
						num(x.cpuCores(), 3), num(x.heapUsedMiB(), 1), num(x.liveDataMiB(), 1), num(x.threads(), 0),
						num(x.rssMiB(), 1), num(x.activeStreams(), 0), num(x.lagMs(), 0), num(x.recognizers(), 0),
						num(x.realtimeFactor(), 3)));
			}
			Files.write(tsv, lines);
			files.put("soak samples", tsv.toString());
		}
		Path json = dir.resolve("report.json");
		Path txt = dir.resolve("report.txt");
		files.put("report", txt.toString());
		files.put("json", json.toString());
		LoadReport written = new LoadReport(this.setup, this.levels, this.largestSustained, this.soak, this.trends, files,
				this.capacity);
		JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build().writeValue(json.toFile(), written);
		Files.writeString(txt, written.text());
		return written;
	}

}
