package com.talkhint.call;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.talkhint.TalkHintApplication;
import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Speaker;
import com.talkhint.audio.Track;
import com.talkhint.event.CallEvent;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.StreamEvent;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.EventBus;
import com.talkhint.testing.SlowDataSource;
import com.talkhint.transcription.TranscriptSegment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The application closed in the middle of two calls while their events are still queued behind a slow database
 * (each statement of the journal's writer takes 50 ms): after a restart on the same H2 file, every event and
 * transcript line published before the close is stored, in the order it was published.
 */
class CallJournalShutdownTests {

	@TempDir
	Path dir;

	final JsonMapper json = JsonMapper.builder().build();

	@Test
	void closingMidCallStoresEveryPublishedEventInOrder() throws Exception {
		ConfigurableApplicationContext app = new SpringApplicationBuilder(TalkHintApplication.class)
			.initializers((ctx) -> ctx.getBeanFactory().addBeanPostProcessor(slowJournalWrites()))
			.run(args("--talkhint.journal.batch-size=20"));
		Map<String, List<CallEvent>> published = new ConcurrentHashMap<>();
		app.getBean(EventBus.class)
			.subscribe((e) -> published.computeIfAbsent(e.callSid(), (k) -> new CopyOnWriteArrayList<>()).add(e));
		ListAppender<ILoggingEvent> journalLog = new ListAppender<>();
		journalLog.start();
		((Logger) LoggerFactory.getLogger(CallJournal.class)).addAppender(journalLog);
		CallService calls = app.getBean(CallService.class);
		TranscriptRecorder recorder = app.getBean(TranscriptRecorder.class);
		CallJournal journal = app.getBean(CallJournal.class);
		List<String> sids = List.of("CA" + "a".repeat(32), "CA" + "b".repeat(32));
		try {
			// Two calls streaming at once, each from a thread of its own: the socket's stream events and the
			// delivery thread's finals, interleaved, as a live call makes them.
			List<CompletableFuture<Void>> streaming = new ArrayList<>();
			for (String sid : sids) {
				calls.placed(sid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
				calls.twimlServed(sid, "outbound", Map.of(), "ws://localhost/twilio/stream");
				streaming.add(CompletableFuture.runAsync(() -> {
					calls.streamStarted(sid, "MZ" + sid.substring(2), Set.of(Track.INBOUND, Track.OUTBOUND),
							CallDirection.OUTBOUND, StreamEvent.start("MZ" + sid.substring(2),
									List.of("inbound", "outbound"), "outbound"));
					for (int i = 0; i < 100; i++) {
						calls.twilioEvent(sid, StreamEvent.firstMedia((i % 2 == 0) ? "inbound" : "outbound", null, i * 20L));
						recorder.onFinal(sid, new TranscriptSegment((i % 2 == 0) ? Speaker.AGENT : Speaker.CUSTOMER,
								"line " + i + " of " + sid, i * 1000L, i * 1000L + 900));
					}
				}));
			}
			CompletableFuture.allOf(streaming.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
			assertThat(journal.queued()).as("rows still queued at the close").isGreaterThan(100);
		}
		finally {
			app.close();
			((Logger) LoggerFactory.getLogger(CallJournal.class)).detachAppender(journalLog);
		}
		assertThat(journalLog.list).extracting(ILoggingEvent::getFormattedMessage)
			.anyMatch((m) -> m.startsWith("[journal] shutdown:") && m.contains("queued row(s) flushed"))
			.noneMatch((m) -> m.contains("NOT stored"));

		ConfigurableApplicationContext restarted = new SpringApplicationBuilder(TalkHintApplication.class).run(args());
		try {
			String base = "http://localhost:" + restarted.getEnvironment().getProperty("local.server.port");
			HttpClient http = HttpClient.newHttpClient();
			for (String sid : sids) {
				JsonNode stored = this.json.readTree(http
					.send(HttpRequest.newBuilder(URI.create(base + "/api/calls/" + sid)).build(),
							HttpResponse.BodyHandlers.ofString())
					.body());
				List<CallEvent> sent = published.get(sid);
				List<String> storedEvents = new ArrayList<>();
				stored.path("events").forEach((e) -> storedEvents.add(e.path("type").asString() + " " + e.path("data")));
				// queued, twiml-fetched, start, streaming; a hundred media; then the restart's own: the call was
				// streaming when the first run closed (no media socket of its own to mark it), so it is interrupted
				assertThat(storedEvents).as("events of %s", sid).hasSize(4 + 100 + 1);
				assertThat(storedEvents.subList(0, 104)).as("events of %s published before the close", sid)
					.containsExactlyElementsOf(sent.stream()
						.filter((e) -> e instanceof StreamEvent || e instanceof CallStatus)
						.map((e) -> e.type() + " " + this.json.valueToTree(e).path("data"))
						.toList());
				assertThat(storedEvents.get(104)).as("the restart's event of %s", sid)
					.startsWith("call.status ")
					.contains("\"status\":\"interrupted\"");
				List<String> storedLines = new ArrayList<>();
				stored.path("transcript").forEach((t) -> storedLines.add(t.path("text").asString()));
				assertThat(storedLines).as("transcript of %s", sid)
					.hasSize(100)
					.containsExactlyElementsOf(sent.stream()
						.filter(TranscriptFinal.class::isInstance)
						.map((e) -> ((TranscriptFinal) e).data().text())
						.toList());
				assertThat(stored.path("streamSid").asString()).isEqualTo("MZ" + sid.substring(2));
			}
		}
		finally {
			restarted.close();
		}
	}

	/** Every statement of the journal's writer takes 50 ms (the test's own and the requests' are quick). */
	private static BeanPostProcessor slowJournalWrites() {
		return new BeanPostProcessor() {
			@Override
			public Object postProcessAfterInitialization(Object bean, String name) {
				if (bean instanceof javax.sql.DataSource db && !(bean instanceof SlowDataSource)) {
					return new SlowDataSource(db, 50, (thread) -> thread.getName().startsWith("journal-"));
				}
				return bean;
			}
		};
	}

	private String[] args(String... extra) {
		List<String> args = new ArrayList<>(List.of("--server.port=0", "--talkhint.api-token=",
				"--spring.datasource.url=jdbc:h2:file:" + this.dir.resolve("talkhint")
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE",
				"--talkhint.transcription.warm-up=false", "--talkhint.hints.meaning=false"));
		args.addAll(List.of(extra));
		return args.toArray(String[]::new);
	}

}
