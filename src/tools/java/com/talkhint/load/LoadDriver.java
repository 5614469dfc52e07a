package com.talkhint.load;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import com.talkhint.load.LevelResult.Sample;

/**
 * {@code ./talkhint load}: plays N simultaneous calls against a running TalkHint through the real Twilio path and
 * measures what it costs. The driver runs its own Twilio simulator behind a REST Calls API on 127.0.0.1, starts
 * TalkHint in real mode pointed at it (or uses {@code --url}), places calls with {@code POST /start-call},
 * listens on {@code /ui/events}, and reports CPU, memory, transcript and hint latency, frames and the largest N
 * sustained in real time; {@code --soak} then holds that N and watches memory and threads for growth.
 */
public final class LoadDriver {

	/** Between levels: lets the last calls' sockets close and the heap settle before the next baseline. */
	private static final Duration SETTLE = Duration.ofSeconds(5);

	private LoadDriver() {
	}

	public static void main(String[] args) {
		System.setProperty("java.awt.headless", "true");
		// The simulator logs ~7 lines per call; the driver prints its own line per call and warnings suffice.
		((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("com.talkhint.simulator"))
			.setLevel(ch.qos.logback.classic.Level.WARN);
		LoadOptions options;
		try {
			options = LoadOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		try (SimulatorServer simulator = new SimulatorServer(options.simPort(), options.authToken(),
				options.simThreads())) {
			LoadReport report = run(options, simulator, System.out);
			System.exit((report.levels().isEmpty() || report.largestSustained() != null) ? 0 : 3);
		}
		catch (Exception ex) {
			System.err.println("[load] failed: " + ex);
			ex.printStackTrace();
			System.exit(1);
		}
	}

	/**
	 * Runs the levels (and the soak) with {@code simulator} answering TalkHint's Twilio calls; starts TalkHint
	 * itself unless {@code options.url()} names one already pointed at the simulator.
	 */
	static LoadReport run(LoadOptions options, SimulatorServer simulator, PrintStream out) throws Exception {
		Path runDir = Files.createDirectories(options.out()
			.resolve(LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT))))
			.toAbsolutePath();
		Map<String, String> env = new LinkedHashMap<>(simulator.talkHintEnvironment());
		if (options.apiToken() != null && !options.apiToken().isBlank()) {
			env.put("TALKHINT_API_TOKEN", options.apiToken());
		}
		env.putAll(options.childEnv());
		out.println("[load] simulator listening: " + simulator.apiBaseUrl());
		TalkHintProcess child = null;
		String baseUrl = options.url();
		long pid = options.pid();
		try {
			if (baseUrl == null) {
				out.println("[load] starting TalkHint " + options.jvmArgs() + " in real mode, log " + runDir.resolve("talkhint.log"));
				child = TalkHintProcess.start(options.jar(), env, options.jvmArgs(), runDir);
				baseUrl = child.baseUrl();
				pid = child.pid();
				out.println("[load] TalkHint up at " + baseUrl + " pid " + pid);
			}
			ProcessProbe probe = (pid > 0) ? new ProcessProbe(pid) : null;
			MetricsClient metrics = new MetricsClient(baseUrl, options.apiToken());
			Map<String, String> setup = setup(options, baseUrl, pid, metrics);
			try (EventRecorder events = new EventRecorder(baseUrl.replaceFirst("^http", "ws") + "/ui/events",
					options.apiToken())) {
				LoadRun run = new LoadRun(options, simulator, baseUrl, probe, events, metrics, out);
				if (options.profiler() != null && pid > 0) {
					run.profileWith(new Profiler(options.profiler(), pid), runDir);
				}
				List<LevelResult> levels = new ArrayList<>();
				String capacity = "";
				if (options.capacity()) {
					out.println("[load] capacity: measuring bare Vosk on the same audio first");
					List<BareVoskMeter> bare = BareVoskMeter.measure(options.scenarios());
					for (BareVoskMeter graph : bare) {
						out.printf(Locale.ROOT, "[load] bare Vosk, model %s: %.3f CPU-s per call-second%n", graph.graph(),
								graph.cpuPerCallSecond());
					}
					List<Long> lengths = simulator.simulator()
						.scenarios()
						.stream()
						.filter((sc) -> options.scenarios().contains(sc.id()))
						.map((sc) -> sc.durationMs())
						.toList();
					long mean = Math.round(lengths.stream().mapToLong(Long::longValue).average().orElse(30_000));
					long longest = lengths.stream().mapToLong(Long::longValue).max().orElse(30_000);
					CapacitySearch search = new CapacitySearch(options, run, metrics, mean, longest, out);
					List<CapacitySearch.Search> searches = new ArrayList<>();
					for (String mode : options.capacityModes()) {
						searches.add(search.search(mode));
					}
					levels.addAll(CapacitySearch.allLevels(searches));
					capacity = CapacitySearch.text(bare, Runtime.getRuntime().availableProcessors(), searches);
				}
				boolean soakOnly = options.soak() && options.calls().size() == 1;
				if (!soakOnly && !options.capacity()) {
					for (int i = 0; i < options.calls().size(); i++) {
						int n = options.calls().get(i);
						if (i > 0) {
							settle(child);
						}
						out.printf("[load] level N=%d: %d simultaneous calls%s%n", n, n,
								options.duration().isZero() ? ", one each" : " for " + options.duration().toSeconds() + " s");
						LevelResult level = run.level(n, options.duration(), Duration.ofSeconds(1), false);
						levels.add(level);
						out.printf("[load] level N=%d done: %s%n", n, level.verdict().get(0));
					}
				}
				Integer largest = levels.stream()
					.filter(LevelResult::sustained)
					.map(LevelResult::calls)
					.max(Integer::compare)
					.orElse(null);
				LevelResult soak = null;
				List<Trend> trends = List.of();
				if (options.soak()) {
					int n = soakOnly ? options.calls().get(0)
							: (largest != null) ? largest : options.calls().get(0);
					if (!soakOnly && largest == null) {
						out.println("[load] no level was sustained; soaking at N=" + n + " anyway");
					}
					out.printf("[load] soak: N=%d for %d min, a sample every %d s%s%n", n, options.soakDuration().toMinutes(),
							options.soakSample().toSeconds(), (options.gcBeforeSample() && probe != null) ? " after a forced GC" : "");
					settle(child);
					soak = run.level(n, options.soakDuration(), options.soakSample(), options.gcBeforeSample());
					trends = trends(soak, warmup(options), options.soakDuration().toMillis() / 1000.0,
							options.gcBeforeSample() && probe != null);
				}
				LoadReport report = new LoadReport(setup, levels, largest, soak, trends, Map.of(), capacity + run.profiles())
					.write(runDir);
				out.println();
				out.print(report.text());
				return report;
			}
		}
		finally {
			if (child != null) {
				out.println("[load] stopping TalkHint pid " + child.pid());
				child.close();
			}
		}
	}

	private static Map<String, String> setup(LoadOptions options, String baseUrl, long pid, MetricsClient metrics) {
		Map<String, String> setup = new LinkedHashMap<>();
		setup.put("date", LocalDateTime.now().toString());
		setup.put("talkhint", baseUrl + ((pid > 0) ? " pid " + pid : "") + ((options.url() == null) ? " (started by the driver, "
				+ String.join(" ", options.jvmArgs()) + (options.childEnv().isEmpty() ? "" : " env " + options.childEnv())
				+ ")" : " (given)"));
		setup.put("machine", Runtime.getRuntime().availableProcessors() + " cores, load average "
				+ String.format(Locale.ROOT, "%.2f", ProcessProbe.loadAverage()) + " at start (shared with other work)");
		setup.put("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
		setup.put("scenarios", String.join(", ", options.scenarios()) + " in turn, "
				+ (options.callLength().isZero() ? "whole scenario" : options.callLength().toSeconds() + " s") + " per call, starts "
				+ options.stagger().toMillis() + " ms apart");
		setup.put("transcription", (metrics.value("talkhint.transcription.lag") != null) ? "present (lag/dropped meters found)"
				: "absent from this build (no talkhint.transcription.* meters): final/hint latency cannot be measured");
		setup.put("limits", "final p95 <= " + options.finalP95Limit().toMillis() + " ms, no dropped frames, no "
				+ "transcription-lagging diagnostic, no call refused, lag <= " + options.maxLagLimit().toMillis() + " ms");
		return setup;
	}

	private static double warmup(LoadOptions options) {
		Duration warmup = options.warmup();
		if (warmup.compareTo(options.soakDuration()) >= 0) {
			warmup = options.soakDuration().dividedBy(5);
		}
		return warmup.toMillis() / 1000.0;
	}

	/**
	 * The soak's trends. Allowances over the window: RSS 16 MiB or 5 %, heap 8 MiB or 10 % (only meaningful after a
	 * forced GC), live data 8 MiB or 10 %, threads 3.
	 */
	static List<Trend> trends(LevelResult soak, double warmupSeconds, double untilSeconds, boolean heapAfterGc) {
		List<Sample> s = soak.samples();
		List<Trend> trends = new ArrayList<>();
		trends.add(Trend.of("RSS (native incl.)", "MiB", s, warmupSeconds, untilSeconds, Sample::rssMiB, 16, 0.05));
		trends.add(Trend.of(heapAfterGc ? "heap after GC" : "heap used", "MiB", s, warmupSeconds, untilSeconds,
				Sample::heapUsedMiB, heapAfterGc ? 8 : 64, heapAfterGc ? 0.10 : 0.5));
		trends.add(Trend.of("live data (JVM estimate)", "MiB", s, warmupSeconds, untilSeconds, Sample::liveDataMiB, 8,
				0.10));
		trends.add(Trend.of("live threads", "threads", s, warmupSeconds, untilSeconds, Sample::threads, 3, 0));
		return trends;
	}

	private static void settle(TalkHintProcess child) throws InterruptedException {
		if (child != null && !child.isAlive()) {
			throw new IllegalStateException("TalkHint exited during the run; see " + child.log());
		}
		// Bounded pause between levels; nothing to wait on but the clock.
		new java.util.concurrent.CountDownLatch(1).await(SETTLE.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
	}

}
