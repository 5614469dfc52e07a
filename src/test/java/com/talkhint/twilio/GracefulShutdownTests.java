package com.talkhint.twilio;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.talkhint.TalkHintApplication;
import com.talkhint.call.CallRepository;
import com.talkhint.event.RedisEventBus;
import com.talkhint.testing.FakeTwilioApi;
import com.talkhint.testing.SharedAudio;
import com.talkhint.testing.TwilioPlayer;
import com.talkhint.testing.UiEventsClient;
import com.talkhint.transcription.TranscriptSegment;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Stopping TalkHint in the middle of a call (a deploy, a scale-in): the app is started, a call streams the
 * support scenario in real time over the real media WebSocket, and the context is closed while one of the
 * speakers is mid-utterance (timed from the scenario's {@code timeline.tsv}). The close is bounded, the server
 * closes the socket with 1001 (the client sees a close, not a hang), and the database, read afterwards,
 * holds the call as {@code interrupted} with every line finished before the shutdown plus the final of the
 * utterance the shutdown cut off: the flush completes before the database and the event bus stop.
 */
class GracefulShutdownTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	static final String TOKEN = "shutdown-auth-token";

	/** Where in the cut-off utterance the context is closed: a third in, well inside its first words. */
	static final double CLOSE_AT_FRACTION = 1.0 / 3;

	@TempDir
	Path dataDir;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void shutdownMidUtteranceKeepsTheCallAsInterruptedWithTheCutOffUtteranceTranscribed() throws Exception {
		try (FakeTwilioApi twilio = new FakeTwilioApi()) {
			ConfigurableApplicationContext app = new SpringApplicationBuilder(TalkHintApplication.class)
				.run(args(twilio, "--talkhint.data-dir=" + this.dataDir));
			CutOff cut = shutDownMidUtterance(app, twilio);
			TranscriptSegment flushed;
			try (Connection db = DriverManager.getConnection(h2Url(), "sa", "")) {
				flushed = assertCallStoredAsInterruptedWithCutOffUtterance(db, cut);
			}
			// In-process bus: the browser following the call saw it too, before the web server closed its socket.
			assertThat(finalPublished(cut.browser(), cut.callSid(), flushed))
				.as("transcript.final of the cut-off utterance %s in the browser; it saw %s", flushed, cut.browser())
				.isTrue();
		}
	}

	/**
	 * The same on the scale-out profiles (PostgreSQL, Redis): the cut-off utterance's {@code transcript.final}
	 * reaches a Redis subscriber, i.e. it was published before Lettuce's connection factory stopped.
	 */
	@Test
	void shutdownMidUtteranceOnRedisPublishesTheCutOffFinalBeforeRedisStops() throws Exception {
		String schema = "th_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String channel = "talkhint:test:" + schema;
		String pgUrl = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
		List<String> published = new CopyOnWriteArrayList<>();
		RedisClient redis = RedisClient.create("redis://127.0.0.1:6379");
		try (FakeTwilioApi twilio = new FakeTwilioApi();
				StatefulRedisPubSubConnection<String, String> subscriber = redis.connectPubSub()) {
			subscriber.addListener(new RedisPubSubAdapter<>() {
				@Override
				public void message(String from, String message) {
					published.add(message);
				}

				@Override
				public void message(String pattern, String from, String message) {
					published.add(message);
				}
			});
			subscriber.sync().subscribe(channel); // statuses
			subscriber.sync().psubscribe(channel + ":call:*"); // each call's own channel
			ConfigurableApplicationContext app = new SpringApplicationBuilder(TalkHintApplication.class)
				.profiles("postgres", "redis")
				.run(args(twilio, "--spring.datasource.url=" + pgUrl, "--spring.datasource.username=postgres",
						"--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true",
						"--talkhint.events.redis-channel=" + channel));
			// After the start: Spring Boot's logging initialisation resets logback's appenders.
			ListAppender<ILoggingEvent> busLog = new ListAppender<>();
			busLog.start();
			((Logger) LoggerFactory.getLogger(RedisEventBus.class)).addAppender(busLog);
			try {
				CutOff cut = shutDownMidUtterance(app, twilio);
				TranscriptSegment flushed;
				try (Connection db = DriverManager.getConnection(pgUrl, "postgres", "")) {
					flushed = assertCallStoredAsInterruptedWithCutOffUtterance(db, cut);
				}
				assertThat(busLog.list).as("event bus warnings during the shutdown")
					.noneMatch((event) -> event.getFormattedMessage().contains("publish failed"));
				await().atMost(Duration.ofSeconds(5))
					.untilAsserted(() -> assertThat(finalPublished(parse(published), cut.callSid(), flushed))
						.as("transcript.final of the cut-off utterance %s on Redis; received %s", flushed, published)
						.isTrue());
			}
			finally {
				((Logger) LoggerFactory.getLogger(RedisEventBus.class)).detachAppender(busLog);
				try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
					c.createStatement().execute("drop schema if exists " + schema + " cascade");
				}
			}
		}
		finally {
			redis.shutdown();
		}
	}

	/** What the test knows at the moment it closed the context. */
	record CutOff(String callSid, List<TranscriptSegment> storedBefore, Utterance utterance, long closedAtMs,
			List<JsonNode> browser) {
	}

	/** One line of the scenario's {@code timeline.tsv}: speaker, start ms, end ms, text. */
	record Utterance(String speaker, long startMs, long endMs, String text) {
	}

	/**
	 * Places a call, streams the support scenario in real time, and closes {@code app} a third of the way into
	 * the first utterance that starts after the first final is stored. Asserts the close is bounded and the
	 * media socket gets 1001. A browser follows the call on {@code /ui/events} throughout.
	 */
	private CutOff shutDownMidUtterance(ConfigurableApplicationContext app, FakeTwilioApi twilio) throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		TwilioPlayer player = new TwilioPlayer(TOKEN);
		ExecutorService media = Executors.newSingleThreadExecutor();
		boolean closed = false;
		UiEventsClient browser = null;
		try {
			int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
			String base = "http://localhost:" + port;
			HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/start-call"))
				.header("Content-Type", "application/json")
				.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550100\"}"))
				.build(), HttpResponse.BodyHandlers.ofString());
			assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
			String callSid = this.json.readTree(created.body()).get("callSid").asString();
			browser = new UiEventsClient("ws://localhost:" + port + "/ui/events").subscribe(callSid);
			String outboundUrl = twilio.lastCreate().first("Url");
			assertThat(player.webhook(outboundUrl,
					TwilioPlayer.callFields(ACCOUNT, callSid, "in-progress", "+15005550006", "+15005550001"))
				.statusCode()).isEqualTo(200);

			TwilioPlayer.Stream stream = player.openStream("ws://localhost:" + port + "/twilio/stream");
			String streamSid = "MZ" + "d".repeat(32);
			stream.connected();
			stream.start(ACCOUNT, callSid, streamSid, "outbound");
			// Outbound call: the inbound track is the agent's phone, the outbound one the customer.
			Path agent = SharedAudio.scenario("support", "agent.ulaw");
			Path customer = SharedAudio.scenario("support", "customer.ulaw");
			long audioMs = Math.min(Files.size(agent), Files.size(customer)) / 8;
			AtomicLong playStarted = new AtomicLong();
			// ~28 s of conversation in real time; it fails with a closed socket once the server goes away.
			Future<?> playing = media.submit(() -> {
				playStarted.set(System.nanoTime());
				stream.playBothTracksPaced(streamSid, agent, customer);
				return null;
			});

			CallRepository repository = app.getBean(CallRepository.class);
			await().alias("a final transcript line").atMost(Duration.ofSeconds(30))
				.until(() -> !repository.transcript(callSid).isEmpty());
			long now = msSince(playStarted);
			Utterance target = timeline().stream()
				.filter((u) -> u.startMs() >= now + 500)
				.findFirst()
				.orElseThrow(() -> new AssertionError("no utterance left to cut off at " + now + " ms"));
			long closeAt = target.startMs() + Math.round((target.endMs() - target.startMs()) * CLOSE_AT_FRACTION);
			assertThat(closeAt).as("close time inside the audio").isLessThan(audioMs - 1000);
			while (msSince(playStarted) < closeAt) {
				Thread.sleep(5);
			}
			List<TranscriptSegment> storedBefore = repository.transcript(callSid);
			long closedAtMs = msSince(playStarted);
			assertThat(playing.isDone()).as("audio still streaming when the shutdown starts").isFalse();

			long began = System.nanoTime();
			app.close();
			closed = true;
			Duration took = Duration.ofNanos(System.nanoTime() - began);
			assertThat(took).as("context close time").isLessThan(Duration.ofSeconds(30));

			// The server said goodbye on the media socket (1001 going away), it did not just vanish.
			assertThat(stream.closed.get(5, TimeUnit.SECONDS)).isEqualTo(1001);
			assertThat(stream.received).as("nothing is ever written back on the stream").isEmpty();
			playing.cancel(true);
			// The browser's socket was closed too; its close frame follows every event sent before it.
			assertThat(browser.closed.get(5, TimeUnit.SECONDS)).as("browser socket close").isNotNull();
			return new CutOff(callSid, storedBefore, target, closedAtMs, List.copyOf(browser.events()));
		}
		finally {
			if (!closed) {
				app.close();
			}
			if (browser != null) {
				browser.close();
			}
			media.shutdownNow();
		}
	}

	/** Returns the stored final of the cut-off utterance. */
	private static TranscriptSegment assertCallStoredAsInterruptedWithCutOffUtterance(Connection db, CutOff cut)
			throws Exception {
		String callSid = cut.callSid();
		assertThat(queryOne(db, "select status from calls where call_sid = ?", callSid)).isEqualTo("interrupted");
		assertThat(queryOne(db, "select ended_at from calls where call_sid = ?", callSid)).isNotNull();
		assertThat(queryAll(db, "select detail from call_events where call_sid = ? order by id", callSid))
			.contains("interrupted server shutdown");
		List<TranscriptSegment> storedAfter = segments(db, callSid);
		assertThat(storedAfter).extracting(TranscriptSegment::text)
			.containsAll(cut.storedBefore().stream().map(TranscriptSegment::text).toList());
		// The utterance in progress at the close: its speaker, started after every line stored before the close,
		// and no earlier than its timeline start (less the gate's onset and pre-roll) nor after the close.
		long lastStartBefore = cut.storedBefore().stream().mapToLong(TranscriptSegment::startMs).max().orElse(-1);
		Utterance target = cut.utterance();
		return storedAfter.stream()
			.filter((s) -> s.speaker().wireName().equals(target.speaker()))
			.filter((s) -> s.startMs() > lastStartBefore)
			.filter((s) -> s.startMs() >= target.startMs() - 1000 && s.startMs() <= cut.closedAtMs())
			.findFirst()
			.orElseThrow(() -> new AssertionError("no line stored for the utterance cut off at " + cut.closedAtMs()
					+ " ms: " + target + "; stored before the close: " + cut.storedBefore() + "; after: "
					+ storedAfter));
	}

	private List<JsonNode> parse(List<String> messages) {
		return messages.stream().map(this.json::readTree).toList();
	}

	private static boolean finalPublished(List<JsonNode> events, String callSid, TranscriptSegment segment) {
		for (JsonNode event : events) {
			if ("transcript.final".equals(event.path("type").asString()) && callSid.equals(event.path("callSid").asString())
					&& event.path("data").path("startMs").asLong() == segment.startMs()
					&& segment.text().equals(event.path("data").path("text").asString())) {
				return true;
			}
		}
		return false;
	}

	private static String[] args(FakeTwilioApi twilio, String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--talkhint.api-token=",
				"--talkhint.twilio.account-sid=" + ACCOUNT, "--talkhint.twilio.auth-token=" + TOKEN,
				"--talkhint.twilio.phone-number=+15005550006", "--talkhint.twilio.agent-phone-number=+15005550001",
				"--talkhint.twilio.api-base-url=" + twilio.baseUrl(),
				// A loaded 2-core machine may stall recognition; queue rather than drop, the test is about shutdown.
				"--talkhint.transcription.max-lag=15s"));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

	private static List<Utterance> timeline() throws Exception {
		List<Utterance> lines = new ArrayList<>();
		for (String line : Files.readAllLines(SharedAudio.scenario("support", "timeline.tsv"))) {
			String[] f = line.split("\t");
			if (f.length >= 4) {
				lines.add(new Utterance(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), f[3]));
			}
		}
		return lines;
	}

	private static long msSince(AtomicLong startedNanos) {
		return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos.get());
	}

	private String h2Url() {
		assertThat(Files.exists(this.dataDir.resolve("talkhint.mv.db"))).as("the app's H2 file").isTrue();
		return "jdbc:h2:file:" + this.dataDir.resolve("talkhint") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
	}

	private static List<TranscriptSegment> segments(Connection db, String callSid) throws Exception {
		try (var statement = db.prepareStatement(
				"select speaker, text, start_ms, end_ms from transcript_segments where call_sid = ? order by start_ms, id")) {
			statement.setString(1, callSid);
			List<TranscriptSegment> segments = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					segments.add(new TranscriptSegment(
							com.talkhint.audio.Speaker.valueOf(rs.getString(1).toUpperCase(java.util.Locale.ROOT)),
							rs.getString(2), rs.getLong(3), rs.getLong(4), List.of()));
				}
			}
			return segments;
		}
	}

	private static String queryOne(Connection db, String sql, String callSid) throws Exception {
		List<String> all = queryAll(db, sql, callSid);
		assertThat(all).as(sql).hasSize(1);
		return all.get(0);
	}

	private static List<String> queryAll(Connection db, String sql, String callSid) throws Exception {
		try (var statement = db.prepareStatement(sql)) {
			statement.setString(1, callSid);
			List<String> values = new ArrayList<>();
			try (ResultSet rs = statement.executeQuery()) {
				while (rs.next()) {
					values.add(rs.getString(1));
				}
			}
			return values;
		}
	}

}
