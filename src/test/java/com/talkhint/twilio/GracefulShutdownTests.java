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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.talkhint.TalkHintApplication;
import com.talkhint.call.CallRepository;
import com.talkhint.testing.FakeTwilioApi;
import com.talkhint.testing.SharedAudio;
import com.talkhint.testing.TwilioPlayer;
import com.talkhint.testing.UiEventsClient;
import com.talkhint.transcription.TranscriptSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static com.talkhint.testing.UiEventsClient.type;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping TalkHint in the middle of a call (a deploy, a scale-in): the app is started on its own H2 file, a
 * call streams the support scenario in real time over the real media WebSocket, and once a final transcript
 * line is stored the context is closed while audio still flows. The close is bounded, the server closes the
 * socket with 1001 (the client sees a close, not a hang), and the database, reopened afterwards, holds the
 * call as {@code interrupted} with every line finished before the shutdown.
 */
class GracefulShutdownTests {

	static final String ACCOUNT = "AC0123456789abcdef0123456789abcdef";

	static final String TOKEN = "shutdown-auth-token";

	@TempDir
	Path dataDir;

	@Test
	void shutdownMidStreamClosesTheSocketAndKeepsTheCallAsInterruptedWithItsTranscript() throws Exception {
		HttpClient http = HttpClient.newHttpClient();
		JsonMapper json = JsonMapper.builder().build();
		TwilioPlayer player = new TwilioPlayer(TOKEN);
		ExecutorService media = Executors.newSingleThreadExecutor();
		try (FakeTwilioApi twilio = new FakeTwilioApi()) {
			ConfigurableApplicationContext app = start(twilio);
			boolean closed = false;
			try {
				int port = Integer.parseInt(app.getEnvironment().getProperty("local.server.port"));
				String base = "http://localhost:" + port;
				String callSid;
				TwilioPlayer.Stream stream;
				Future<?> playing;
				List<String> storedBefore;
				try (UiEventsClient ui = new UiEventsClient("ws://localhost:" + port + "/ui/events")) {
					HttpResponse<String> created = http.send(HttpRequest.newBuilder(URI.create(base + "/start-call"))
						.header("Content-Type", "application/json")
						.POST(HttpRequest.BodyPublishers.ofString("{\"to\":\"+14155550100\"}"))
						.build(), HttpResponse.BodyHandlers.ofString());
					assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
					callSid = json.readTree(created.body()).get("callSid").asString();
					String outboundUrl = twilio.requests().get(twilio.requests().size() - 1).first("Url");
					assertThat(player.webhook(outboundUrl,
							TwilioPlayer.callFields(ACCOUNT, callSid, "in-progress", "+15005550006", "+15005550001"))
						.statusCode()).isEqualTo(200);

					stream = player.openStream("ws://localhost:" + port + "/twilio/stream");
					String streamSid = "MZ" + "d".repeat(32);
					stream.connected();
					stream.start(ACCOUNT, callSid, streamSid, "outbound");
					// 28 s of conversation in real time; it fails with a closed socket once the server goes away.
					TwilioPlayer.Stream s = stream;
					playing = media.submit(() -> {
						s.playBothTracksPaced(streamSid, SharedAudio.scenario("support", "agent.ulaw"),
								SharedAudio.scenario("support", "customer.ulaw"));
						return null;
					});

					ui.await(Duration.ofSeconds(30), "a final transcript line", type("transcript.final", callSid));
					storedBefore = texts(app.getBean(CallRepository.class).transcript(callSid));
					assertThat(storedBefore).isNotEmpty();
				}
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

				try (Connection db = DriverManager.getConnection(jdbcUrl(), "sa", "")) {
					assertThat(queryOne(db, "select status from calls where call_sid = ?", callSid)).isEqualTo("interrupted");
					assertThat(queryOne(db, "select ended_at from calls where call_sid = ?", callSid)).isNotNull();
					assertThat(queryAll(db, "select detail from call_events where call_sid = ? order by id", callSid))
						.contains("interrupted server shutdown");
					List<String> storedAfter = queryAll(db,
							"select text from transcript_segments where call_sid = ? order by start_ms, id", callSid);
					assertThat(storedAfter).containsAll(storedBefore);
				}
			}
			finally {
				if (!closed) {
					app.close();
				}
				media.shutdownNow();
			}
		}
	}

	private ConfigurableApplicationContext start(FakeTwilioApi twilio) {
		return new SpringApplicationBuilder(TalkHintApplication.class).run("--server.port=0",
				"--talkhint.data-dir=" + this.dataDir, "--talkhint.api-token=",
				"--talkhint.twilio.account-sid=" + ACCOUNT, "--talkhint.twilio.auth-token=" + TOKEN,
				"--talkhint.twilio.phone-number=+15005550006", "--talkhint.twilio.agent-phone-number=+15005550001",
				"--talkhint.twilio.api-base-url=" + twilio.baseUrl(),
				// A loaded 2-core machine may stall recognition; queue rather than drop, the test is about shutdown.
				"--talkhint.transcription.max-lag=15s");
	}

	private String jdbcUrl() {
		assertThat(Files.exists(this.dataDir.resolve("talkhint.mv.db"))).as("the app's H2 file").isTrue();
		return "jdbc:h2:file:" + this.dataDir.resolve("talkhint") + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE";
	}

	private static List<String> texts(List<TranscriptSegment> segments) {
		return segments.stream().map(TranscriptSegment::text).toList();
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
