package com.talkhint.load;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import com.talkhint.load.EventRecorder.Arrival;
import com.talkhint.load.EventRecorder.CallEvents;
import com.talkhint.load.LevelResult.Sample;
import com.talkhint.simulator.StreamPacing;
import com.talkhint.simulator.TwilioSimulator;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Plays one load level against a running TalkHint: N slots, each placing a call through {@code POST /start-call}
 * (the simulator answers TalkHint's Twilio REST call and streams the scenario over the real webhooks and media
 * socket), waiting for it to end on both sides, and placing the next until the level's time is up; meanwhile a
 * sampler reads the TalkHint process. Every wait is bounded; every address is 127.0.0.1.
 */
final class LoadRun {

	/** 20 ms per media message per track; TalkHint's TwiML always streams both tracks. */
	private static final long FRAME_MS = 20;

	private static final int TRACKS = 2;

	/** Ringing (3 s) and the greeting come before the stream; this bounds the wait for the first frame. */
	private static final Duration STREAM_START_LIMIT = Duration.ofSeconds(30);

	/** After the simulator hung up, how long TalkHint may take to report the end. */
	private static final Duration TALKHINT_END_LIMIT = Duration.ofSeconds(30);

	private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(30);

	/** After a call that could not be placed (TalkHint refused it), the slot waits this long before the next. */
	private static final Duration REFUSED_PAUSE = Duration.ofSeconds(2);

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final LoadOptions options;

	private final SimulatorServer simulator;

	private final String baseUrl;

	private final ProcessProbe probe;

	private final EventRecorder events;

	private final MetricsClient metrics;

	private final PrintStream log;

	private final Map<String, ScenarioScript> scripts = new TreeMap<>();

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

	private final AtomicInteger callSequence = new AtomicInteger();

	/** {@code --profile}: profiles each level into the run's folder; {@code null} otherwise. */
	private Profiler profiler;

	private java.nio.file.Path profileDir;

	private final StringBuilder profiles = new StringBuilder();

	/** The outcome of one call. */
	record CallResult(String callSid, String scenario, String failure, StreamPacing pacing, CallAnalysis analysis,
			List<String> diagnostics) {
	}

	LoadRun(LoadOptions options, SimulatorServer simulator, String baseUrl, ProcessProbe probe, EventRecorder events,
			MetricsClient metrics, PrintStream log) {
		this.options = options;
		this.simulator = simulator;
		this.baseUrl = baseUrl;
		this.probe = probe;
		this.events = events;
		this.metrics = metrics;
		this.log = log;
		for (String id : options.scenarios()) {
			this.scripts.put(id, ScenarioScript.load(id));
		}
	}

	/**
	 * Runs N simultaneous calls for {@code duration} (at least one call per slot), sampling every
	 * {@code sampleEvery}.
	 * @param gcBeforeSample force a GC before each sample (soak: heap figures are then live data)
	 */
	LevelResult level(int n, Duration duration, Duration sampleEvery, boolean gcBeforeSample) throws InterruptedException {
		return level(n, duration, this.options.stagger(), sampleEvery, gcBeforeSample);
	}

	/**
	 * As {@link #level(int, Duration, Duration, boolean)}, with the slots' starts {@code stagger} apart (a call
	 * length ÷ N spreads the starts over a call; 4 s ÷ N bunches them so speech lines up across calls).
	 */
	LevelResult level(int n, Duration duration, Duration stagger, Duration sampleEvery, boolean gcBeforeSample)
			throws InterruptedException {
		if (this.profiler == null) {
			return measuredLevel(n, duration, stagger, sampleEvery, gcBeforeSample);
		}
		String label = "N" + n + "-stagger" + stagger.toMillis() + "ms";
		try {
			this.profiler.start();
		}
		catch (java.io.IOException ex) {
			this.log.println("[load] profiler not started: " + ex.getMessage());
			return measuredLevel(n, duration, stagger, sampleEvery, gcBeforeSample);
		}
		LevelResult level = measuredLevel(n, duration, stagger, sampleEvery, gcBeforeSample);
		try {
			java.nio.file.Path file = this.profileDir.resolve("profile-" + label + ".collapsed");
			this.profiles.append(Profiler.text(label + " → " + file.getFileName(), this.profiler.stop(file)));
		}
		catch (java.io.IOException ex) {
			this.log.println("[load] profiler not stopped: " + ex.getMessage());
		}
		return level;
	}

	/** Profile every level with async-profiler into {@code dir}. */
	void profileWith(Profiler profiler, java.nio.file.Path dir) {
		this.profiler = profiler;
		this.profileDir = dir;
	}

	/** The profiles' summaries so far. */
	String profiles() {
		return this.profiles.toString();
	}

	private LevelResult measuredLevel(int n, Duration duration, Duration stagger, Duration sampleEvery,
			boolean gcBeforeSample) throws InterruptedException {
		Double idleRss = (this.probe != null) ? this.probe.rssMiB() : null;
		Counters before = counters();
		long startNanos = System.nanoTime();
		long endNanos = startNanos + duration.toNanos();
		List<Sample> samples = Collections.synchronizedList(new ArrayList<>());
		List<CallResult> results = Collections.synchronizedList(new ArrayList<>());
		ScheduledExecutorService sampler = executor(1, "load-sampler");
		ScheduledThreadPoolExecutor slots = executor(n, "load-slot");
		double[] lastCpu = { cpuSeconds(), System.nanoTime() };
		ScheduledFuture<?> sampling = sampler.scheduleAtFixedRate(
				() -> samples.add(sample(startNanos, lastCpu, gcBeforeSample)), 0, sampleEvery.toMillis(),
				TimeUnit.MILLISECONDS);
		List<CompletableFuture<Void>> running = new ArrayList<>();
		for (int slot = 0; slot < n; slot++) {
			CompletableFuture<Void> done = new CompletableFuture<>();
			running.add(done);
			slots.schedule(() -> {
				try {
					do {
						CallResult result = playOne();
						results.add(result);
						if (result.callSid() == null) {
							// Refused (503) or not placed: try again a little later, not in a tight loop.
							new java.util.concurrent.CountDownLatch(1).await(REFUSED_PAUSE.toMillis(), TimeUnit.MILLISECONDS);
						}
					}
					while (System.nanoTime() < endNanos);
					done.complete(null);
				}
				catch (Throwable ex) {
					done.completeExceptionally(ex);
				}
			}, slot * stagger.toMillis(), TimeUnit.MILLISECONDS);
		}
		// Each call waits for itself with bounds; this outer bound only guards against a bug in those.
		long callBound = maxCallMillis() + STREAM_START_LIMIT.toMillis() + TALKHINT_END_LIMIT.toMillis() + 60_000;
		try {
			CompletableFuture.allOf(running.toArray(CompletableFuture[]::new))
				.get(duration.toMillis() + n * stagger.toMillis() + 2 * callBound, TimeUnit.MILLISECONDS);
		}
		catch (ExecutionException | TimeoutException ex) {
			results.add(new CallResult(null, null, "load slot failed: " + ex, null, null, List.of()));
		}
		finally {
			slots.shutdownNow();
		}
		sampling.cancel(false);
		sampler.shutdown();
		sampler.awaitTermination(30, TimeUnit.SECONDS);
		samples.add(sample(startNanos, lastCpu, false));
		Counters after = counters();
		double seconds = (System.nanoTime() - startNanos) / 1e9;
		return summarise(n, seconds, idleRss, before, after, List.copyOf(results), List.copyOf(samples), stagger);
	}

	/** Places one call, waits (bounded) for it to end on both sides, and measures it. */
	private CallResult playOne() throws InterruptedException {
		int sequence = this.callSequence.getAndIncrement();
		String scenario = this.options.scenarios().get(sequence % this.options.scenarios().size());
		// A distinct agent number per call ties the simulator's audio to this call whatever the order of creates.
		String agent = String.format("+1500555%04d", 1000 + sequence % 9000);
		String customer = String.format("+1415555%04d", sequence % 10_000);
		TwilioSimulator twilio = this.simulator.simulator();
		twilio.playScenarioOnNextCall(agent, scenario);
		String callSid;
		try {
			HttpResponse<String> created = postJson("/start-call",
					"{\"to\":\"" + customer + "\",\"agent\":\"" + agent + "\"}");
			if (created.statusCode() != 201) {
				return failed(null, scenario, "/start-call answered " + created.statusCode() + ": " + created.body());
			}
			callSid = JSON.readTree(created.body()).path("callSid").asString("");
			this.events.follow(callSid);
		}
		catch (IOException | RuntimeException ex) {
			return failed(null, scenario, "/start-call failed: " + ex);
		}
		CompletableFuture<String> ended;
		try {
			ended = twilio.whenEnded(callSid);
		}
		catch (RuntimeException ex) {
			return failed(callSid, scenario, "the simulator has no call " + callSid + ": " + ex.getMessage());
		}
		Instant started = awaitStreamStart(twilio, callSid, ended);
		String failure = null;
		if (started == null) {
			failure = "no media stream within " + STREAM_START_LIMIT.toSeconds() + " s of answer: "
					+ twilio.notifications(callSid);
		}
		if (started != null && !this.options.callLength().isZero()) {
			long hangUpAt = started.toEpochMilli() + this.options.callLength().toMillis();
			if (!waitFor(ended, hangUpAt - System.currentTimeMillis())) {
				twilio.update(callSid, "completed");
			}
		}
		if (!waitFor(ended, maxCallMillis() + 30_000)) {
			twilio.update(callSid, "completed");
			failure = (failure != null) ? failure : "the call did not end on its own; hung up";
		}
		CallEvents seen = this.events.call(callSid);
		String talkHintStatus = null;
		try {
			talkHintStatus = seen.terminal().get(TALKHINT_END_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
			if (started != null) {
				seen.streamClosed().get(TALKHINT_END_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
				// A track behind real time at the hang-up still delivers its finals: wait for the flush to end.
				seen.summary().get(TALKHINT_END_LIMIT.toMillis(), TimeUnit.MILLISECONDS);
			}
		}
		catch (ExecutionException | TimeoutException ex) {
			failure = (failure != null) ? failure
					: "TalkHint reported no " + ((talkHintStatus == null) ? "terminal call status"
							: seen.streamClosed().isDone() ? "call summary (transcription not flushed)" : "closed stream")
							+ " within " + TALKHINT_END_LIMIT.toSeconds() + " s of the hang-up";
		}
		if (failure == null && !"completed".equals(talkHintStatus)) {
			failure = "TalkHint ended the call as " + talkHintStatus;
		}
		StreamPacing pacing = twilio.pacing(callSid).stream().findFirst().orElse(null);
		long streamedMs = (pacing != null) ? pacing.mediaMessages() / TRACKS * FRAME_MS : 0;
		CallAnalysis analysis = CallAnalysis.of(this.scripts.get(scenario), (pacing != null) ? pacing.started() : null,
				streamedMs, seen.ofType("transcript.final"), seen.ofType("hint"));
		List<String> diagnostics = seen.ofType("diagnostic")
			.stream()
			.map((d) -> d.data().path("code").asString("?"))
			.toList();
		this.events.forget(callSid);
		// each utterance's final latency in script order: which lines make the p95 (one line per call, not per frame)
		this.log.printf("[load] %s %-9s %s finals %d/%d hints %d/%d final ms %s%n", callSid, scenario,
				(failure != null) ? "FAILED " + failure : "completed", analysis.finalLatenciesMs().size(),
				analysis.utterances(), analysis.hintLatenciesMs().size(), analysis.hintsExpected(),
				analysis.finalLatenciesMs());
		return new CallResult(callSid, scenario, (failure != null) ? callSid + " (" + scenario + "): " + failure : null,
				pacing, analysis, diagnostics);
	}

	private Instant awaitStreamStart(TwilioSimulator twilio, String callSid, CompletableFuture<String> ended)
			throws InterruptedException {
		long deadline = System.nanoTime() + STREAM_START_LIMIT.toNanos();
		while (System.nanoTime() < deadline) {
			List<StreamPacing> pacing = twilio.pacing(callSid);
			if (!pacing.isEmpty() && pacing.get(0).started() != null) {
				return pacing.get(0).started();
			}
			if (ended.isDone()) {
				return null;
			}
			// Polls at 20 Hz, waking early if the call ends.
			waitFor(ended, 50);
		}
		return null;
	}

	/** Waits up to {@code millis} for {@code future}; true when it completed. */
	private static boolean waitFor(CompletableFuture<?> future, long millis) throws InterruptedException {
		if (millis <= 0) {
			return future.isDone();
		}
		try {
			future.get(millis, TimeUnit.MILLISECONDS);
			return true;
		}
		catch (TimeoutException ex) {
			return false;
		}
		catch (ExecutionException ex) {
			return true;
		}
	}

	private long maxCallMillis() {
		long longest = this.simulator.simulator()
			.scenarios()
			.stream()
			.filter((s) -> this.scripts.containsKey(s.id()))
			.mapToLong((s) -> s.durationMs())
			.max()
			.orElse(60_000);
		return this.options.callLength().isZero() ? longest : Math.min(longest, this.options.callLength().toMillis());
	}

	private CallResult failed(String callSid, String scenario, String why) {
		return new CallResult(callSid, scenario, ((callSid != null) ? callSid : "(no call)") + " (" + scenario + "): " + why,
				null, null, List.of());
	}

	private HttpResponse<String> postJson(String path, String body) throws IOException, InterruptedException {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(this.baseUrl + path))
			.timeout(HTTP_TIMEOUT)
			.header("Content-Type", "application/json")
			.POST(HttpRequest.BodyPublishers.ofString(body));
		if (this.options.apiToken() != null && !this.options.apiToken().isBlank()) {
			request.header("Authorization", "Bearer " + this.options.apiToken());
		}
		return this.http.send(request.build(), HttpResponse.BodyHandlers.ofString());
	}

	private Sample sample(long startNanos, double[] lastCpu, boolean gc) {
		if (gc && this.probe != null) {
			this.probe.runGc();
		}
		double cpu = cpuSeconds();
		long now = System.nanoTime();
		Double cores = null;
		// Below half a second a few scheduler ticks of CPU read as a spike: no figure rather than a wrong one.
		if (!Double.isNaN(cpu) && !Double.isNaN(lastCpu[0]) && now - lastCpu[1] >= 500_000_000L) {
			cores = (cpu - lastCpu[0]) / ((now - lastCpu[1]) / 1e9);
		}
		else if (Double.isNaN(cpu)) {
			// Neither /proc nor process.cpu.time: Micrometer's recent CPU usage, a fraction of all cores.
			Double usage = this.metrics.value("process.cpu.usage");
			Double count = this.metrics.value("system.cpu.count");
			cores = (usage != null && count != null) ? usage * count : null;
		}
		lastCpu[0] = cpu;
		lastCpu[1] = now;
		Double heap = mib(this.metrics.value("jvm.memory.used", "area:heap"));
		Double live = mib(this.metrics.value("jvm.gc.live.data.size"));
		Double threads = this.metrics.value("jvm.threads.live");
		Double rss = (this.probe != null) ? this.probe.rssMiB() : null;
		return new Sample((now - startNanos) / 1e9, cores, heap, live, threads, (rss != null && !rss.isNaN()) ? rss : null,
				this.metrics.value("talkhint.streams.active"), this.metrics.value("talkhint.transcription.lag"),
				this.metrics.value("talkhint.transcription.recognizers"),
				this.metrics.value("talkhint.transcription.realtime.factor"));
	}

	/** TalkHint's CPU seconds: from /proc when the process is local, else Micrometer's {@code process.cpu.time}. */
	private double cpuSeconds() {
		if (this.probe != null) {
			return this.probe.cpuSeconds();
		}
		Double nanos = this.metrics.value("process.cpu.time");
		return (nanos != null) ? nanos / 1e9 : Double.NaN;
	}

	private static Double mib(Double bytes) {
		return (bytes != null) ? bytes / (1024.0 * 1024.0) : null;
	}

	/** Cumulative counters read before and after a level. */
	private record Counters(double talkHintCpu, double driverCpu, double[] machine, Double framesReceived,
			Double transcriptionDropped, long uiEvents, FinalStages finalStages) {
	}

	private Counters counters() {
		return new Counters(cpuSeconds(), ProcessProbe.self().cpuSeconds(), ProcessProbe.machineSeconds(),
				this.metrics.value("talkhint.media.frames"), this.metrics.value("talkhint.transcription.dropped.frames"),
				this.events.received(), FinalStages.parse(this.metrics.prometheus()));
	}

	private LevelResult summarise(int n, double seconds, Double idleRss, Counters before, Counters after,
			List<CallResult> results, List<Sample> samples, Duration stagger) {
		List<String> failures = new ArrayList<>();
		List<Long> finals = new ArrayList<>();
		List<Long> hints = new ArrayList<>();
		int utterances = 0;
		int hintsExpected = 0;
		long framesSent = 0;
		long lateTicks = 0;
		long maxLate = 0;
		Map<String, Integer> diagnostics = new TreeMap<>();
		for (CallResult r : results) {
			if (r.failure() != null) {
				failures.add(r.failure());
			}
			if (r.pacing() != null) {
				framesSent += r.pacing().mediaMessages();
				lateTicks += r.pacing().lateFrames();
				maxLate = Math.max(maxLate, r.pacing().maxLateMs());
			}
			if (r.analysis() != null) {
				finals.addAll(r.analysis().finalLatenciesMs());
				hints.addAll(r.analysis().hintLatenciesMs());
				utterances += r.analysis().utterances();
				hintsExpected += r.analysis().hintsExpected();
			}
			r.diagnostics().forEach((code) -> diagnostics.merge(code, 1, Integer::sum));
		}
		int refused = (int) results.stream()
			.filter((r) -> r.failure() != null && r.failure().contains("/start-call answered 503"))
			.count();
		int started = (int) results.stream().filter((r) -> r.callSid() != null).count();
		int completed = (int) results.stream().filter((r) -> r.callSid() != null && r.failure() == null).count();
		Double cpu = delta(before.talkHintCpu(), after.talkHintCpu(), seconds);
		Double driver = delta(before.driverCpu(), after.driverCpu(), seconds);
		Double machine = (Double.isNaN(before.machine()[0]) || after.machine()[1] <= before.machine()[1]) ? null
				: (after.machine()[0] - before.machine()[0]) / (after.machine()[1] - before.machine()[1])
						* Runtime.getRuntime().availableProcessors();
		List<Sample> allOpen = samples.stream().filter((s) -> s.activeStreams() != null && s.activeStreams() >= n).toList();
		Double steady = mean(allOpen.stream().map(Sample::cpuCores).toList());
		Double realtimeFactor = mean(allOpen.stream()
			.map(Sample::realtimeFactor)
			.filter((f) -> f != null && f > 0)
			.toList());
		Long framesReceived = (before.framesReceived() != null && after.framesReceived() != null)
				? Math.round(after.framesReceived() - before.framesReceived()) : null;
		Long dropped = (before.transcriptionDropped() != null && after.transcriptionDropped() != null)
				? Math.round(after.transcriptionDropped() - before.transcriptionDropped()) : null;
		Double maxLag = max(samples.stream().map(Sample::lagMs).toList());
		Long finalP95 = CallAnalysis.percentile(finals, 95);
		// Call-seconds streamed: both tracks send a message per 20 ms.
		double callSeconds = framesSent / (double) TRACKS * FRAME_MS / 1000.0;
		Double cpuPerCallSecond = (cpu == null || callSeconds <= 0) ? null : cpu * seconds / callSeconds;
		List<String> verdict = new ArrayList<>();
		boolean sustained = true;
		if (!failures.isEmpty() || completed == 0) {
			sustained = false;
			verdict.add("FAIL " + failures.size() + " of " + results.size() + " calls did not complete");
		}
		if (framesReceived == null) {
			verdict.add("n/a  frames received: talkhint.media.frames unreadable");
		}
		else if (framesReceived != framesSent) {
			sustained = false;
			verdict.add("FAIL TalkHint counted " + framesReceived + " media frames of " + framesSent + " sent");
		}
		if (dropped == null) {
			verdict.add("n/a  transcription dropped frames: no talkhint.transcription.dropped.frames in this build");
		}
		else if (dropped > 0) {
			sustained = false;
			verdict.add("FAIL transcription dropped " + dropped + " frames to keep up");
		}
		if (finals.isEmpty()) {
			verdict.add((utterances > 0 && dropped != null) ? "FAIL no final transcript arrived"
					: "n/a  final latency: no transcripts (transcription not in this build)");
			sustained &= !(utterances > 0 && dropped != null);
		}
		else if (finalP95 > this.options.finalP95Limit().toMillis()) {
			sustained = false;
			verdict.add("FAIL final p95 " + finalP95 + " ms > " + this.options.finalP95Limit().toMillis() + " ms");
		}
		int lagging = diagnostics.getOrDefault("transcription-lagging", 0);
		if (lagging > 0) {
			sustained = false;
			verdict.add("FAIL " + lagging + " transcription-lagging diagnostic(s): recognition fell behind real time");
		}
		if (refused > 0) {
			sustained = false;
			verdict.add("FAIL TalkHint refused " + refused + " call(s) with 503 (its measured capacity was reached)");
		}
		if (maxLag == null) {
			verdict.add("n/a  recognition lag: no talkhint.transcription.lag in this build");
		}
		else if (maxLag > this.options.maxLagLimit().toMillis()) {
			sustained = false;
			verdict.add("FAIL recognition lag reached " + Math.round(maxLag) + " ms > " + this.options.maxLagLimit().toMillis() + " ms");
		}
		if (lateTicks > 0) {
			verdict.add("note the simulator sent " + lateTicks + " ticks late (worst " + maxLate
					+ " ms): the shared cores were saturated, the generator included");
		}
		if (sustained) {
			verdict.add(0, "OK   sustained in real time");
		}
		Double rssMax = max(samples.stream().map(Sample::rssMiB).toList());
		Double heapMax = max(samples.stream().map(Sample::heapUsedMiB).toList());
		Double threadsMax = max(samples.stream().map(Sample::threads).toList());
		return new LevelResult(n, seconds, started, completed, failures, cpu, steady, driver, machine,
				ProcessProbe.loadAverage(), idleRss, rssMax, heapMax, (threadsMax != null) ? Math.round(threadsMax) : null,
				CallAnalysis.percentile(finals, 50), finalP95, finals.size(), utterances,
				CallAnalysis.percentile(hints, 50), CallAnalysis.percentile(hints, 95), hints.size(), hintsExpected,
				framesSent, framesReceived, dropped, lateTicks, maxLate, maxLag, realtimeFactor,
				(after.uiEvents() - before.uiEvents()) / seconds, diagnostics, sustained, verdict, samples,
				cpuPerCallSecond, refused, stagger.toMillis(), after.finalStages().describeSince(before.finalStages()));
	}

	private static Double delta(double before, double after, double seconds) {
		return (Double.isNaN(before) || Double.isNaN(after) || seconds <= 0) ? null : (after - before) / seconds;
	}

	private static Double mean(List<Double> values) {
		return values.stream().filter((v) -> v != null && !v.isNaN()).mapToDouble(Double::doubleValue).average()
			.stream().boxed().findFirst().orElse(null);
	}

	private static Double max(List<Double> values) {
		return values.stream().filter((v) -> v != null && !v.isNaN()).max(Double::compare).orElse(null);
	}

	private static ScheduledThreadPoolExecutor executor(int threads, String name) {
		AtomicInteger number = new AtomicInteger();
		return new ScheduledThreadPoolExecutor(threads, (task) -> {
			Thread thread = new Thread(task, name + "-" + number.incrementAndGet());
			thread.setDaemon(true);
			return thread;
		});
	}

}
