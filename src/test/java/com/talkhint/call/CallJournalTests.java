package com.talkhint.call;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.talkhint.event.CallEvent;
import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.CallEvent.StreamEvent;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.Hint;
import com.talkhint.event.LocalEventBus;
import com.talkhint.testing.SlowDataSource;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The call journal over a real database (H2, and the real PostgreSQL where it matters) made slow by a wrapped
 * DataSource: producers are not held up by the database while the queue has room, every row arrives in its call's
 * order and in batches; a full queue pushes producers back, counts it, and loses nothing; the media socket's rows
 * never wait; a row the database refuses is logged and the rows after it are stored.
 */
class CallJournalTests {

	static final Instant AT = Instant.parse("2026-12-04T15:00:00Z");

	final JsonMapper json = JsonMapper.builder().build();

	final SimpleMeterRegistry meters = new SimpleMeterRegistry();

	final LocalEventBus bus = new LocalEventBus();

	/** What the bus delivered, per call, in order. */
	final Map<String, List<CallEvent>> published = new ConcurrentHashMap<>();

	final List<AutoCloseable> closing = new ArrayList<>();

	String schema;

	String database;

	CallRepository calls;

	@AfterEach
	void close() throws Exception {
		for (int i = this.closing.size() - 1; i >= 0; i--) {
			this.closing.get(i).close();
		}
		if ("postgresql".equals(this.database)) {
			try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
				c.createStatement().execute("drop schema if exists " + this.schema + " cascade");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void aSlowDatabaseDoesNotSlowTheProducersAndGetsEveryRowInOrderInBatches(String database) throws Exception {
		SlowDataSource slow = new SlowDataSource(database(database), 50);
		CallJournal journal = journal(slow, new JournalProperties(10_000, 100, Duration.ofSeconds(1),
				Duration.ofSeconds(30), Duration.ofSeconds(60)));
		List<String> sids = List.of(sid(1), sid(2), sid(3), sid(4));
		sids.forEach(this::call);

		// Four producers, like the delivery threads: 250 events each for a call of their own.
		ExecutorService producers = Executors.newFixedThreadPool(sids.size());
		List<Future<Long>> took = new ArrayList<>();
		for (String sid : sids) {
			took.add(producers.submit(() -> {
				long began = System.nanoTime();
				for (int i = 0; i < 250; i++) {
					journal.publish(event(sid, i));
				}
				return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);
			}));
		}
		long slowest = 0;
		for (Future<Long> t : took) {
			slowest = Math.max(slowest, t.get(60, TimeUnit.SECONDS));
		}
		producers.shutdown();
		int behind = journal.queued();

		// Written one statement at a time, 1000 rows would have kept each producer 250 × 50 ms = 12.5 s.
		assertThat(slowest).as("ms the slowest producer took for its 250 events").isLessThan(2_000);
		assertThat(behind).as("rows still queued when the producers were done").isPositive();
		assertThat(counter("talkhint.journal.pushback")).as("producers pushed back").isZero();
		assertThat(journal.flush()).isTrue();
		for (String sid : sids) {
			assertStoredInOrder(sid);
		}
		DistributionSummary batches = this.meters.get("talkhint.journal.batch").summary();
		assertThat(batches.totalAmount()).isEqualTo(1000);
		assertThat(batches.max()).as("rows in the largest transaction").isGreaterThan(1);
		assertThat(batches.count()).as("transactions for 1000 rows").isLessThan(500);
		assertThat(slow.batchSizes()).as("rows per JDBC batch").anyMatch((rows) -> rows > 1);
	}

	@Test
	void aFullQueuePushesProducersBackCountsItAndDropsNothing() throws Exception {
		SlowDataSource slow = new SlowDataSource(database("h2"), 20);
		CallJournal journal = journal(slow, new JournalProperties(4, 2, Duration.ofMillis(50), Duration.ofSeconds(30),
				Duration.ofSeconds(60)));
		ListAppender<ILoggingEvent> logged = capture();
		List<String> sids = List.of(sid(1), sid(2), sid(3));
		sids.forEach(this::call);

		ExecutorService producers = Executors.newFixedThreadPool(sids.size());
		List<Future<?>> done = new ArrayList<>();
		for (String sid : sids) {
			done.add(producers.submit(() -> {
				for (int i = 0; i < 60; i++) {
					journal.publish(event(sid, i));
				}
			}));
		}
		for (Future<?> d : done) {
			d.get(60, TimeUnit.SECONDS);
		}
		producers.shutdown();

		assertThat(journal.flush()).isTrue();
		double pushedBack = counter("talkhint.journal.pushback");
		assertThat(pushedBack).as("rows whose producer waited for room").isPositive();
		assertThat(counter("talkhint.journal.write.through")).as("rows whose producer wrote the queue's head").isPositive();
		for (String sid : sids) {
			assertStoredInOrder(sid);
		}
		assertThat(this.meters.find("talkhint.journal.failed").counters()).isEmpty();
		List<String> fullWarnings = messages(logged, Level.WARN, "queue full");
		assertThat(fullWarnings).as("logged once per episode, not per row").isNotEmpty().hasSizeLessThan((int) pushedBack);
	}

	@Test
	void theMediaThreadNeverWaitsEvenWhenTheQueueIsFull() throws Exception {
		SlowDataSource slow = new SlowDataSource(database("h2"), 100);
		CallJournal journal = journal(slow, new JournalProperties(1, 1, Duration.ofSeconds(5), Duration.ofSeconds(30),
				Duration.ofSeconds(60)));
		String sid = sid(1);
		call(sid);

		long began = System.nanoTime();
		for (int i = 0; i < 20; i++) {
			journal.publishWithoutWaiting(event(sid, 2 * i), null); // stream events only: even i
		}
		long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - began);

		// Waiting would have cost a push-back of 5 s; writing, 20 × 100 ms.
		assertThat(tookMs).as("ms for 20 stream events on a queue of one").isLessThan(1_000);
		assertThat(counter("talkhint.journal.pushback")).isZero();
		assertThat(journal.queued()).as("taken over capacity").isGreaterThan(1);
		assertThat(journal.flush()).isTrue();
		assertStoredInOrder(sid);
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void aRowTheDatabaseRefusesIsLoggedAndTheRowsAfterItAreStored(String database) throws Exception {
		CallJournal journal = journal(database(database), JournalProperties.defaults());
		ListAppender<ILoggingEvent> logged = capture();
		String sid = sid(1);
		String unknown = sid(9); // no calls row: its rows break the foreign key
		call(sid);

		journal.publish(event(sid, 0));
		journal.publish(new StreamEvent(unknown, AT, StreamEvent.connected("Call")));
		for (int i = 1; i < 10; i++) {
			journal.publish(event(sid, i));
		}
		assertThat(journal.flush()).isTrue();
		journal.publish(event(sid, 10)); // and the writer carries on
		assertThat(journal.flush()).isTrue();

		assertStoredInOrder(sid);
		assertThat(this.meters.get("talkhint.journal.failed").tag("kind", "event").counter().count()).isEqualTo(1);
		assertThat(messages(logged, Level.ERROR, "NOT stored")).singleElement()
			.satisfies((m) -> assertThat(m).contains("call event").contains(unknown));
	}

	@Test
	void afterShutdownAProducerWritesItsOwnRowAndAReadFlushesNothing() throws Exception {
		CallJournal journal = journal(database("h2"), JournalProperties.defaults());
		String sid = sid(1);
		call(sid);
		journal.publish(event(sid, 0));
		journal.stop();
		assertThat(journal.isRunning()).isFalse();

		journal.publish(event(sid, 2)); // a hint: e.g. a late one from the judgement thread during the close
		assertThat(this.calls.hints(sid)).as("written by the producer itself").hasSize(1);
		assertStoredInOrder(sid);
	}

	/** An event of the i-th kind in turn: a stream event, a transcript line, a hint, a status. */
	static CallEvent event(String sid, int i) {
		return switch (i % 4) {
			case 0 -> new StreamEvent(sid, AT.plusMillis(i), StreamEvent.firstMedia("inbound", "agent", i));
			case 1 -> new TranscriptFinal(sid, AT.plusMillis(i),
					new TranscriptFinal.Data("customer", "line " + i, i * 1000L, i * 1000L + 900, List.of(0.9)));
			case 2 -> new HintFired(sid, AT.plusMillis(i),
					new Hint("price-objection", "objection", "Price " + i, "Ask what budget they had in mind", i * 1000L,
							"too expensive", Hint.RULE, null, "too expensive", "that is too expensive"));
			default -> new CallStatus(sid, AT.plusMillis(i), "in-progress", "Connected");
		};
	}

	/** What the bus delivered for the call, each kind of row read back in the order it was published. */
	private void assertStoredInOrder(String sid) {
		List<CallEvent> sent = this.published.getOrDefault(sid, List.of());
		assertThat(this.calls.events(sid)).extracting(CallEventRecord::event)
			.containsExactlyElementsOf(sent.stream()
				.filter((e) -> e instanceof StreamEvent || e instanceof CallStatus)
				.toList());
		assertThat(this.calls.transcript(sid)).extracting((s) -> s.text())
			.containsExactlyElementsOf(sent.stream()
				.filter(TranscriptFinal.class::isInstance)
				.map((e) -> ((TranscriptFinal) e).data().text())
				.toList());
		assertThat(this.calls.hints(sid)).containsExactlyElementsOf(
				sent.stream().filter(HintFired.class::isInstance).map((e) -> ((HintFired) e).data()).toList());
	}

	private CallJournal journal(javax.sql.DataSource dataSource, JournalProperties settings) {
		CallJournal journal = new CallJournal(dataSource, this.json, this.bus, this.meters, settings);
		this.bus.subscribe((e) -> this.published.computeIfAbsent(e.callSid(), (k) -> new CopyOnWriteArrayList<>()).add(e));
		journal.start();
		this.closing.add(journal::destroy);
		return journal;
	}

	/** A fresh schema on the real database, migrated; the test's own reads and writes use it directly (fast). */
	private javax.sql.DataSource database(String database) {
		this.database = database;
		this.schema = "th_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		HikariDataSource db = new HikariDataSource();
		if ("h2".equals(database)) {
			db.setJdbcUrl("jdbc:h2:mem:" + this.schema
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1");
			db.setUsername("sa");
		}
		else {
			db.setJdbcUrl("jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + this.schema);
			db.setUsername("postgres");
		}
		db.setMaximumPoolSize(4);
		this.closing.add(db);
		Flyway.configure().dataSource(db).locations("classpath:db/migration")
			.schemas("h2".equals(database) ? new String[0] : new String[] { this.schema }).load().migrate();
		this.calls = new CallRepository(JdbcClient.create(db), this.json);
		return db;
	}

	private void call(String sid) {
		this.calls.insert(CallRecord.created(sid, "outbound", "+14155550100", "+14155550111", "+14155550122",
				"in-progress", null, AT));
	}

	private double counter(String name) {
		Counter counter = this.meters.find(name).counter();
		return (counter != null) ? counter.count() : 0;
	}

	private ListAppender<ILoggingEvent> capture() {
		ListAppender<ILoggingEvent> appender = new ListAppender<>();
		appender.start();
		Logger logger = (Logger) LoggerFactory.getLogger(CallJournal.class);
		logger.addAppender(appender);
		this.closing.add(() -> logger.detachAppender(appender));
		return appender;
	}

	private static List<String> messages(ListAppender<ILoggingEvent> appender, Level level, String containing) {
		return appender.list.stream()
			.filter((e) -> e.getLevel() == level)
			.map(ILoggingEvent::getFormattedMessage)
			.filter((m) -> m.contains(containing))
			.toList();
	}

	static String sid(int n) {
		return "CA" + String.valueOf(n).repeat(32);
	}

}
