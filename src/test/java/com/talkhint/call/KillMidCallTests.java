package com.talkhint.call;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.function.Supplier;

import com.talkhint.TalkHintApplication;
import com.talkhint.testing.UiEventsClient;
import org.assertj.core.api.SoftAssertions;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.test.util.TestSocketUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The node dies mid-call with no chance to shut down (SIGKILL: an OOM kill, a container killed, a crash). TalkHint
 * runs as a process of its own, in simulator mode (no Twilio account), with an API token, on its own port and an H2
 * file in a data directory of its own. A call streams while the node is busy writing (the agent's feedback, a POST
 * every 50 ms); as soon as {@code GET /api/calls/{sid}} shows a few transcript finals the process is killed with
 * {@code destroyForcibly()} (SIGKILL on Linux: the exit status 137 is asserted) and the same application is started
 * again on the same data directory. After the restart every final the API had shown is still there, with the same
 * text in the same order, and so is every feedback acknowledged before the kill; the call is not shown live for ever
 * but {@code interrupted}, with the restart as the reason and a {@code call-interrupted} diagnostic; and the restarted
 * node places and transcribes a new call.
 * <p>
 * The application is started from the test classpath ({@code java -cp <java.class.path>
 * com.talkhint.TalkHintApplication}), not from the jar: {@code ./talkhint test} runs {@code mvn test}, which comes
 * before {@code package}, so a jar in {@code target} may be missing or older than the code under test. The classpath
 * holds the same classes, bundled model and main class the jar does.
 */
class KillMidCallTests {

	/** Finals shown before the kill: the first three lines of the support scenario (16 s of audio, at 2x). */
	static final int FINALS_BEFORE_KILL = 3;

	/** 128 + SIGKILL (9): the exit status of a process the kernel killed, with no shutdown hook run. */
	static final int KILLED = 137;

	static final Duration START_LIMIT = Duration.ofMinutes(3);

	static final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path dir;

	final String token = UUID.randomUUID().toString();

	final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

	final List<App> started = new ArrayList<>();

	@AfterEach
	void stopWhatIsStillRunning() throws InterruptedException {
		for (App app : this.started) {
			app.stop();
		}
	}

	@Test
	void killedMidCallKeepsEveryShownFinalAndTheRestartEndsTheCallAsInterrupted() throws Exception {
		long began = System.nanoTime();
		Path data = Files.createDirectories(this.dir.resolve("data"));
		App first = start("first", data);
		progress(began, "first run ready");
		String callSid = first.startCall();

		// From the second final on the node keeps writing, as a busy one does: the agent's feedback on the call's
		// hints, a POST every 50 ms, each acknowledged (201) after its commit. (A database that writes commits to its
		// file only now and then, as H2 does by default every 500 ms while busy, holds the latest in memory.) The
		// moment the third final is published (the browsers' feed gets it as it is queued for storage) the API is
		// asked for the call: it reads after the journal has written the call's queued rows, so what it shows is
		// committed, the newest final a few milliseconds ago. One more feedback is acknowledged and the process is
		// killed as soon as that answer is in.
		JsonNode beforeKill;
		List<Long> acknowledgedBeforeKill;
		String placing;
		List<Long> acknowledged = new CopyOnWriteArrayList<>();
		ScheduledExecutorService busy = Executors.newSingleThreadScheduledExecutor();
		try (UiEventsClient browser = new UiEventsClient("ws://localhost:" + first.port + "/ui/events", this.token)) {
			browser.subscribe(callSid);
			Predicate<JsonNode> finals = UiEventsClient.type("transcript.final", callSid);
			first.awaitFinals(browser, finals, FINALS_BEFORE_KILL - 1);
			busy.scheduleWithFixedDelay(() -> {
				try {
					acknowledged.add(first.feedback(callSid));
				}
				catch (IOException | InterruptedException | AssertionError ex) {
					// the process is gone (killed): no acknowledgement, nothing to keep
				}
			}, 0, 50, TimeUnit.MILLISECONDS);
			first.awaitFinals(browser, finals, FINALS_BEFORE_KILL);
			beforeKill = first.call(callSid);
			long last = first.feedback(callSid);
			acknowledgedBeforeKill = new ArrayList<>(acknowledged);
			acknowledgedBeforeKill.add(last);
			// A second call the built-in Twilio is still placing (it answers 3 s after the create): it dies with the
			// process too, and must not be left queued or ringing for ever.
			placing = first.startCall();
			first.kill();
		}
		finally {
			busy.shutdownNow();
		}
		List<String> shown = lines(beforeKill);
		assertThat(shown).as("finals shown before the kill").hasSizeGreaterThanOrEqualTo(FINALS_BEFORE_KILL);
		progress(began, "killed with " + shown.size() + " finals shown, " + acknowledgedBeforeKill.size()
				+ " feedback acknowledged");
		assertThat(beforeKill.path("status").asString()).as("the call was live when the node was killed: %s", beforeKill)
			.isIn("in-progress", "answered");
		assertThat(beforeKill.path("endedAt").isMissingNode() || beforeKill.path("endedAt").isNull()).isTrue();

		App second = start("second", data);
		progress(began, "second run ready");
		JsonNode afterRestart = second.call(callSid);
		List<Long> feedbackAfterRestart = second.feedbackIds();
		SoftAssertions.assertSoftly((softly) -> {
			softly.assertThat(lines(afterRestart)).as("transcript after the restart; shown before the kill: %s", shown)
				.containsSubsequence(shown);
			softly.assertThat(feedbackAfterRestart).as("feedback after the restart; %d acknowledged before the kill",
					acknowledgedBeforeKill.size())
				.containsAll(acknowledgedBeforeKill);
		});

		// Its media stream died with the first process (Twilio never reconnects a stream): the call must not be
		// shown live forever, but as interrupted, with the restart as the reason.
		AtomicReference<String> seen = new AtomicReference<>();
		second.within(Duration.ofSeconds(30), () -> "the killed call shown as interrupted; last seen: " + seen.get(),
				() -> {
					JsonNode call = second.call(callSid);
					seen.set("status " + call.path("status") + ", label " + call.path("label") + ", endedAt "
							+ call.path("endedAt") + ", diagnostics " + call.path("diagnostics"));
					return "interrupted".equals(call.path("status").asString()) && !call.path("endedAt").isNull()
							&& !call.path("endedAt").isMissingNode();
				});
		JsonNode interrupted = second.call(callSid);
		assertThat(interrupted.path("label").asString()).isEqualTo("Interrupted");
		assertThat(interrupted.path("shownStatus").asString()).isEqualTo("interrupted");
		List<String> statuses = new ArrayList<>();
		interrupted.path("events").forEach((e) -> {
			if ("call.status".equals(e.path("type").asString())) {
				statuses.add(e.path("data").path("status").asString() + " | " + e.path("detail").asString());
			}
		});
		assertThat(statuses).as("status history").isNotEmpty();
		assertThat(statuses.get(statuses.size() - 1)).as("last of the status history %s", statuses)
			.startsWith("interrupted | ")
			.contains("server restarted");
		List<String> diagnostics = new ArrayList<>();
		interrupted.path("diagnostics").forEach((d) -> diagnostics.add(d.path("code").asString()));
		assertThat(diagnostics).as("the call's diagnostics: %s", interrupted.path("diagnostics")).contains("call-interrupted");
		assertThat(lines(interrupted)).containsSubsequence(shown);
		JsonNode listed = second.recentCall(callSid);
		assertThat(listed.path("label").asString()).as("the recent-calls list: %s", listed).isEqualTo("Interrupted");

		JsonNode neverStreamed = second.call(placing);
		assertThat(neverStreamed.path("status").asString()).as("the call still being placed at the kill: %s",
				neverStreamed).isEqualTo("interrupted");
		assertThat(neverStreamed.path("endedAt").isNull() || neverStreamed.path("endedAt").isMissingNode()).isFalse();
		List<String> placingDiagnostics = new ArrayList<>();
		neverStreamed.path("diagnostics").forEach((d) -> placingDiagnostics.add(d.path("code").asString() + " | "
				+ d.path("message").asString()));
		assertThat(placingDiagnostics).as("its diagnostics").anySatisfy((d) -> assertThat(d)
			.startsWith("call-interrupted | ")
			.contains("the built-in Twilio simulator was still placing this call"));

		// The restarted node serves new calls end to end: placed, streamed and transcribed.
		String next = second.startCall();
		second.within(Duration.ofSeconds(60), "a transcript final of the new call " + next,
				() -> !lines(second.call(next)).isEmpty());
		assertThat(second.call(callSid).path("status").asString()).as("the old call stays interrupted")
			.isEqualTo("interrupted");
		progress(began, "new call transcribed");

		// A graceful stop (SIGTERM) writes to the database to the end (the calls it cuts off, the journal's last
		// rows, the node's heartbeat row) before the database closes: H2's own exit hook must not close it first.
		second.stop();
		assertThat(Files.readString(second.log)).as("the second run's log").doesNotContain("Database is already closed");
		try (Connection db = DriverManager.getConnection("jdbc:h2:file:" + data.resolve("talkhint")
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE", "sa", "")) {
			ResultSet runs = db.createStatement().executeQuery("select count(*) from node_runs");
			runs.next();
			// the killed first run's row stays (rows of dead runs go after a day); the second run removed its own
			assertThat(runs.getInt(1)).as("node runs registered after the graceful stop").isOne();
		}
	}

	private static void progress(long began, String what) {
		System.out.printf("[kill-mid-call] %5.1f s: %s%n", (System.nanoTime() - began) / 1e9, what);
	}

	/** Each transcript line as {@code speaker startMs text}, in the API's order. */
	static List<String> lines(JsonNode call) {
		List<String> lines = new ArrayList<>();
		call.path("transcript")
			.forEach((t) -> lines.add(t.path("speaker").asString() + " " + t.path("startMs").asLong() + " "
					+ t.path("text").asString()));
		return lines;
	}

	private App start(String name, Path data) throws IOException {
		App app = new App(name, data, this.dir.resolve(name + ".log"));
		this.started.add(app);
		app.awaitHealthy();
		return app;
	}

	/** One run of the application as a child process, in simulator mode, on its own port. */
	final class App {

		final String name;

		final Path log;

		final int port;

		final Process process;

		App(String name, Path data, Path log) throws IOException {
			this.name = name;
			this.log = log;
			this.port = TestSocketUtils.findAvailableTcpPort();
			List<String> command = new ArrayList<>(List.of(
					Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx768m",
					"-cp", System.getProperty("java.class.path"), TalkHintApplication.class.getName(),
					"--server.port=" + this.port, "--talkhint.data-dir=" + data,
					// the shortest scenario, at twice real time; recognition may queue behind a loaded machine
					"--talkhint.simulator.default-scenario=support", "--talkhint.simulator.speed=2",
					"--talkhint.transcription.max-lag=120s",
					// start-up cost only: the meaning model and the decoder's warm-up are not under test
					"--talkhint.hints.meaning=false", "--talkhint.transcription.warm-up=false"));
			ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
				.redirectOutput(log.toFile())
				.directory(KillMidCallTests.this.dir.toFile());
			Map<String, String> env = builder.environment();
			// Simulator mode and nothing of the machine's own settings: no Twilio account, no other database.
			env.keySet()
				.removeIf((k) -> k.startsWith("TWILIO_") || k.startsWith("TALKHINT_") || k.startsWith("SPRING_")
						|| k.startsWith("REPLIT_") || List.of("PORT", "SERVER_PORT", "PUBLIC_BASE_URL",
								"AGENT_PHONE_NUMBER").contains(k));
			// A token, as a node reachable from outside has: /start-call and /api/** then need it.
			env.put("TALKHINT_API_TOKEN", KillMidCallTests.this.token);
			env.put("MALLOC_ARENA_MAX", "2");
			this.process = builder.start();
		}

		void awaitHealthy() {
			within(START_LIMIT, this.name + " run healthy", () -> {
				try {
					HttpResponse<String> health = send(HttpRequest.newBuilder(uri("/actuator/health/readiness")));
					return health.statusCode() == 200;
				}
				catch (IOException ex) {
					return false; // not listening yet
				}
			});
		}

		void within(Duration limit, String what, Callable<Boolean> condition) {
			within(limit, () -> what, condition);
		}

		/** Waits (bounded) for {@code condition}; fails at once, with the log, if the process exits. */
		void within(Duration limit, Supplier<String> what, Callable<Boolean> condition) {
			try {
				await().atMost(limit).pollInterval(Duration.ofMillis(100)).until(() -> {
					if (!this.process.isAlive()) {
						throw new AssertionError(this.name + " run exited with " + this.process.exitValue()
								+ " while waiting for " + what.get() + "; log:\n" + logTail());
					}
					return condition.call();
				});
			}
			catch (ConditionTimeoutException ex) {
				throw new AssertionError("waited " + limit.toSeconds() + " s in vain for " + what.get() + "; log of the "
						+ this.name + " run:\n" + logTail(), ex);
			}
		}

		/** Waits (bounded) until the browser has seen {@code n} finals; fails with the log. */
		void awaitFinals(UiEventsClient browser, Predicate<JsonNode> finals, int n) throws InterruptedException {
			try {
				browser.awaitCount(Duration.ofSeconds(60), "transcript.final", finals, n);
			}
			catch (AssertionError ex) {
				throw new AssertionError(ex.getMessage() + "; log of the " + this.name + " run:\n" + logTail(), ex);
			}
		}

		String startCall() throws IOException, InterruptedException {
			HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/start-call"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+15005550009\",\"scenario\":\"support\"}")));
			assertThat(created.statusCode()).as("/start-call: %s", created.body()).isEqualTo(201);
			return json.readTree(created.body()).path("callSid").asString();
		}

		JsonNode call(String callSid) throws IOException, InterruptedException {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/calls/" + callSid)));
			assertThat(response.statusCode()).as("GET /api/calls/%s: %s", callSid, response.body()).isEqualTo(200);
			return json.readTree(response.body());
		}

		/** The agent marks a hint of the call useful; returns the stored feedback's id once it is acknowledged. */
		long feedback(String callSid) throws IOException, InterruptedException {
			HttpResponse<String> created = send(HttpRequest.newBuilder(uri("/api/feedback"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers
					.ofString("{\"callSid\":\"" + callSid + "\",\"hintId\":\"price-objection\",\"verdict\":\"useful\"}")));
			assertThat(created.statusCode()).as("POST /api/feedback: %s", created.body()).isEqualTo(201);
			return json.readTree(created.body()).path("id").asLong();
		}

		List<Long> feedbackIds() throws IOException, InterruptedException {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/feedback?limit=500")));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			List<Long> ids = new ArrayList<>();
			json.readTree(response.body()).forEach((f) -> ids.add(f.path("id").asLong()));
			return ids;
		}

		JsonNode recentCall(String callSid) throws IOException, InterruptedException {
			HttpResponse<String> response = send(HttpRequest.newBuilder(uri("/api/calls")));
			assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
			for (JsonNode call : json.readTree(response.body())) {
				if (callSid.equals(call.path("callSid").asString())) {
					return call;
				}
			}
			throw new AssertionError(callSid + " not in GET /api/calls: " + response.body());
		}

		/** SIGKILL: {@code destroyForcibly()} on Linux; the exit status proves no shutdown ran. */
		void kill() throws InterruptedException {
			this.process.destroyForcibly();
			assertThat(this.process.waitFor(30, TimeUnit.SECONDS)).as("%s run gone after SIGKILL", this.name).isTrue();
			assertThat(this.process.exitValue()).as("exit status of the %s run", this.name).isEqualTo(KILLED);
		}

		/** SIGTERM (a graceful shutdown), then SIGKILL if it does not exit in time. */
		void stop() throws InterruptedException {
			if (this.process.isAlive()) {
				this.process.destroy();
				if (!this.process.waitFor(40, TimeUnit.SECONDS)) {
					this.process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
				}
			}
		}

		private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
			return KillMidCallTests.this.http.send(
					request.header("Authorization", "Bearer " + KillMidCallTests.this.token)
						.timeout(Duration.ofSeconds(30))
						.build(),
					HttpResponse.BodyHandlers.ofString());
		}

		private URI uri(String path) {
			return URI.create("http://localhost:" + this.port + path);
		}

		String logTail() {
			try {
				List<String> all = Files.readAllLines(this.log, StandardCharsets.UTF_8);
				return String.join("\n", all.subList(Math.max(0, all.size() - 60), all.size()));
			}
			catch (IOException ex) {
				return "(no log: " + ex + ")";
			}
		}

	}

}
