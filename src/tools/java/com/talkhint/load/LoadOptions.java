package com.talkhint.load;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Command line of {@code ./talkhint load} (see {@link #USAGE}). Every value is checked here, so a typo is a
 * clear message and never a half-run measurement.
 *
 * @param calls the load levels: numbers of simultaneous calls, run in order
 * @param duration how long each level keeps its calls going (a slot whose call ends starts the next); zero means
 * one call per slot
 * @param callLength hang each call up after this much streamed audio; zero plays the whole scenario
 * @param stagger delay between the starts of the slots of a level
 * @param scenarios scenarios played in turn
 * @param url a TalkHint already running (with the driver's simulator settings); {@code null} starts one
 * @param pid process id of that TalkHint, for CPU/RSS from /proc; 0 when unknown
 * @param jar the jar to start; {@code null} finds target/talkhint-*.jar
 * @param jvmArgs JVM options of the started TalkHint
 * @param childEnv extra environment of the started TalkHint ({@code --env MALLOC_ARENA_MAX=2})
 * @param simPort port of the driver's simulator; 0 for any
 * @param authToken the shared Twilio auth token; {@code null} for a random one
 * @param apiToken TalkHint's {@code TALKHINT_API_TOKEN}, when it requires one
 * @param simThreads the simulator's pacing threads
 * @param finalP95Limit sustained only when the final-transcript p95 latency is at most this
 * @param maxLagLimit sustained only when recognition lag stays at most this
 * @param soak run the soak after the levels (or alone, with one level given)
 * @param soakDuration length of the soak
 * @param soakSample sampling interval of the soak
 * @param warmup soak samples before this are left out of the trend
 * @param gcBeforeSample force a GC (jcmd) before each soak sample so heap figures are live data
 * @param out directory for the run's folder (report, charts, TalkHint log)
 * @param capacity search the largest N sustained instead of running the given levels (see {@link CapacitySearch})
 * @param capacityMax the search stops there
 * @param bunch in the search's "bunched" mode the N calls all start within this
 * @param capacityModes which searches to run: {@code spread} (starts a call length apart ÷ N), {@code bunched}
 * @param profiler async-profiler's library to profile each level with; {@code null} for none
 */
record LoadOptions(List<Integer> calls, Duration duration, Duration callLength, Duration stagger,
		List<String> scenarios, String url, long pid, Path jar, List<String> jvmArgs, Map<String, String> childEnv,
		int simPort, String authToken,
		String apiToken, int simThreads, Duration finalP95Limit, Duration maxLagLimit, boolean soak,
		Duration soakDuration, Duration soakSample, Duration warmup, boolean gcBeforeSample, Path out,
		boolean capacity, int capacityMax, Duration bunch, List<String> capacityModes, Path profiler) {

	static final String USAGE = """
			usage: ./talkhint load [options]
			  --calls 1,2,4,8          simultaneous calls per level (default 1,2,4,8)
			  --duration 0             keep each level's calls going this long, e.g. 90s or 2m (0: one call per slot)
			  --call-seconds 0         hang calls up after this many seconds of audio (0: whole scenario, ~37 s)
			  --stagger-ms 250         delay between call starts within a level
			  --scenarios discovery,support   played in turn
			  --soak                   after the levels, run the largest sustained level for --soak-minutes
			                           (with a single --calls value: soak at that level only)
			  --soak-minutes 10        --soak-sample-seconds 10   --warmup-minutes 4   --no-gc
			  --final-p95-ms 250       --max-lag-ms 2000          limits of a sustained level (also: no
			                           transcription-lagging diagnostic, no dropped frame, no call refused)
			  --capacity               find the largest N sustained: N = 1, 2, 4, … then bisect, once with starts
			                           spread over a call length and once bunched within --bunch-ms; bare Vosk
			                           is measured first on the same audio, the driver's own CPU beside
			  --capacity-max 24  --bunch-ms 4000  --capacity-modes spread,bunched
			  --profile LIB            profile each level with async-profiler (LIB = libasyncProfiler.so; ./talkhint
			                           load --profile fetches it from Maven Central): profile-*.collapsed + summary
			  --jvm-args "-Xmx1g"      JVM options of the TalkHint the driver starts
			  --env NAME=VALUE         extra environment of that TalkHint (repeatable), e.g. MALLOC_ARENA_MAX=2
			  --jar PATH               TalkHint jar (default target/talkhint-*.jar)
			  --url URL --pid PID      use a running TalkHint (started with the environment the driver prints;
			                           needs --sim-port and --auth-token so that environment is fixed)
			  --sim-port 0  --auth-token T  --api-token T  --sim-threads 2  --out target/load
			""";

	static LoadOptions parse(String... args) {
		List<Integer> calls = List.of(1, 2, 4, 8);
		Duration duration = Duration.ZERO;
		Duration callLength = Duration.ZERO;
		Duration stagger = Duration.ofMillis(250);
		List<String> scenarios = List.of("discovery", "support");
		String url = null;
		long pid = 0;
		Path jar = null;
		List<String> jvmArgs = List.of("-Xmx1g");
		Map<String, String> childEnv = new LinkedHashMap<>();
		int simPort = 0;
		String authToken = null;
		String apiToken = System.getenv("TALKHINT_API_TOKEN");
		int simThreads = 2;
		// A final a quarter of a second after the speaker stopped: what a hint needs (issue 16).
		Duration finalP95 = Duration.ofMillis(250);
		// TalkHint's own talkhint.transcription.max-lag: past it the pipeline drops audio, below it lag is transient.
		Duration maxLag = Duration.ofSeconds(2);
		boolean soak = false;
		Duration soakDuration = Duration.ofMinutes(10);
		Duration soakSample = Duration.ofSeconds(10);
		// RSS climbs for the first ~8 calls (glibc arenas of new recognition threads fill) before it plateaus.
		Duration warmup = Duration.ofMinutes(4);
		boolean gc = true;
		Path out = Path.of("target", "load");
		boolean capacity = false;
		int capacityMax = 24;
		Duration bunch = Duration.ofSeconds(4);
		List<String> capacityModes = List.of("spread", "bunched");
		Path profiler = null;
		for (int i = 0; i < args.length; i++) {
			String name = args[i];
			if (name.equals("--soak")) {
				soak = true;
				continue;
			}
			if (name.equals("--capacity")) {
				capacity = true;
				continue;
			}
			if (name.equals("--no-gc")) {
				gc = false;
				continue;
			}
			if (name.equals("--help") || name.equals("-h")) {
				throw new IllegalArgumentException(USAGE);
			}
			if (i + 1 >= args.length) {
				throw new IllegalArgumentException(name + " needs a value\n" + USAGE);
			}
			String value = args[++i];
			switch (name) {
				case "--calls" -> calls = counts(value);
				case "--duration" -> duration = duration(name, value, "s");
				case "--call-seconds" -> callLength = duration(name, value, "s");
				case "--stagger-ms" -> stagger = duration(name, value, "ms");
				case "--scenarios" -> scenarios = Arrays.stream(value.split(",")).map(String::trim)
					.filter((s) -> !s.isEmpty()).toList();
				case "--url" -> url = value.replaceAll("/+$", "");
				case "--pid" -> pid = positive(name, value);
				case "--jar" -> jar = Path.of(value);
				case "--env" -> {
					int eq = value.indexOf('=');
					if (eq <= 0) {
						throw new IllegalArgumentException("--env needs NAME=VALUE, got '" + value + "'");
					}
					childEnv.put(value.substring(0, eq), value.substring(eq + 1));
				}
				case "--jvm-args" -> jvmArgs = Arrays.stream(value.trim().split("\\s+")).filter((s) -> !s.isEmpty()).toList();
				case "--sim-port" -> simPort = (int) number(name, value, 0, 65535);
				case "--auth-token" -> authToken = value;
				case "--api-token" -> apiToken = value;
				case "--sim-threads" -> simThreads = (int) number(name, value, 1, 64);
				case "--final-p95-ms" -> finalP95 = duration(name, value, "ms");
				case "--max-lag-ms" -> maxLag = duration(name, value, "ms");
				case "--soak-minutes" -> soakDuration = duration(name, value, "m");
				case "--soak-sample-seconds" -> soakSample = duration(name, value, "s");
				case "--warmup-minutes" -> warmup = duration(name, value, "m");
				case "--out" -> out = Path.of(value);
				case "--profile" -> profiler = Path.of(value);
				case "--capacity-max" -> capacityMax = (int) number(name, value, 1, 1000);
				case "--bunch-ms" -> bunch = duration(name, value, "ms");
				case "--capacity-modes" -> {
					capacityModes = Arrays.stream(value.split(",")).map(String::trim).filter((m) -> !m.isEmpty()).toList();
					if (capacityModes.isEmpty() || !List.of("spread", "bunched").containsAll(capacityModes)) {
						throw new IllegalArgumentException("--capacity-modes takes spread and/or bunched, got '" + value + "'");
					}
				}
				default -> throw new IllegalArgumentException("Unknown option " + name + "\n" + USAGE);
			}
		}
		if (scenarios.isEmpty()) {
			throw new IllegalArgumentException("--scenarios lists no scenario");
		}
		if (url != null && (simPort == 0 || authToken == null)) {
			throw new IllegalArgumentException("--url needs --sim-port and --auth-token: the running TalkHint must "
					+ "have been started with TWILIO_API_BASE_URL=http://127.0.0.1:<sim-port>/simulator and that "
					+ "TWILIO_AUTH_TOKEN");
		}
		if (url != null && !url.matches("https?://(127\\.0\\.0\\.1|localhost)(:\\d+)?")) {
			throw new IllegalArgumentException("--url must be a TalkHint on this machine (http://127.0.0.1:PORT), got " + url);
		}
		if (soakSample.isZero() || soakSample.isNegative()) {
			throw new IllegalArgumentException("--soak-sample-seconds must be positive");
		}
		return new LoadOptions(calls, duration, callLength, stagger, scenarios, url, pid, jar, jvmArgs,
				Map.copyOf(childEnv), simPort,
				authToken, apiToken, simThreads, finalP95, maxLag, soak, soakDuration, soakSample, warmup, gc, out,
				capacity, capacityMax, bunch, capacityModes, profiler);
	}

	private static List<Integer> counts(String value) {
		List<Integer> counts = new ArrayList<>();
		for (String part : value.split(",")) {
			int n = (int) number("--calls", part.trim(), 1, 1000);
			counts.add(n);
		}
		if (counts.isEmpty()) {
			throw new IllegalArgumentException("--calls lists no level");
		}
		return List.copyOf(counts);
	}

	/** A number with the option's unit, or with an explicit suffix: {@code 90}, {@code 90s}, {@code 2m}, {@code 500ms}. */
	static Duration duration(String name, String value, String defaultUnit) {
		String v = value.trim().toLowerCase(Locale.ROOT);
		String unit = defaultUnit;
		for (String suffix : new String[] { "ms", "s", "m", "h" }) {
			if (v.endsWith(suffix) && v.length() > suffix.length()
					&& Character.isDigit(v.charAt(v.length() - suffix.length() - 1))) {
				unit = suffix;
				v = v.substring(0, v.length() - suffix.length());
				break;
			}
		}
		double amount;
		try {
			amount = Double.parseDouble(v);
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + ": not a duration: '" + value + "' (e.g. 90, 90s, 2m)");
		}
		if (amount < 0 || Double.isNaN(amount) || Double.isInfinite(amount)) {
			throw new IllegalArgumentException(name + ": must not be negative: '" + value + "'");
		}
		double millis = switch (unit) {
			case "ms" -> amount;
			case "s" -> amount * 1000;
			case "m" -> amount * 60_000;
			default -> amount * 3_600_000;
		};
		return Duration.ofMillis(Math.round(millis));
	}

	private static long number(String name, String value, long min, long max) {
		long n;
		try {
			n = Long.parseLong(value.trim());
		}
		catch (NumberFormatException ex) {
			throw new IllegalArgumentException(name + ": not a whole number: '" + value + "'");
		}
		if (n < min || n > max) {
			throw new IllegalArgumentException(name + ": must be between " + min + " and " + max + ", got " + n);
		}
		return n;
	}

	private static long positive(String name, String value) {
		return number(name, value, 1, Long.MAX_VALUE);
	}

}
