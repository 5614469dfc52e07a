package com.talkhint.call;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CyclicBarrier;

import com.talkhint.audio.CallDirection;
import com.talkhint.audio.Track;
import com.talkhint.event.CallEvent.StreamEvent;
import com.talkhint.event.LocalEventBus;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Nodes that share one database, each with its own {@link CallService}, journal and {@link NodeHeartbeat} (as
 * separate processes would have), on an in-memory H2 and on the real PostgreSQL of this machine (127.0.0.1:5432,
 * a schema of its own). A node that died without a shutdown is what it leaves in the database: calls whose stream
 * its run holds, and a heartbeat that stopped (set back here instead of waiting a minute) or a row that is gone.
 */
class NodeHeartbeatTests {

	static final Duration INTERVAL = Duration.ofSeconds(10);

	static final Duration STALE_AFTER = Duration.ofSeconds(60);

	final JsonMapper json = JsonMapper.builder().build();

	final List<CallJournal> journals = new ArrayList<>();

	String schema;

	@AfterEach
	void close() throws Exception {
		this.journals.forEach(CallJournal::destroy);
		if (this.schema != null) {
			try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
				c.createStatement().execute("drop schema if exists " + this.schema + " cascade");
			}
		}
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void theCallsOfARunThatStoppedBeatingAreEndedOnceByTheNodesStillAlive(String database) throws Exception {
		DriverManagerDataSource db = database(database);
		Node dead = new Node(db, "node-a").registered();
		Node alive = new Node(db, "node-b").registered();
		Node other = new Node(db, "node-c").registered();
		String deadCall = dead.streaming("CA" + "1".repeat(32));
		String aliveCall = alive.streaming("CA" + "2".repeat(32));
		String endedCall = dead.streaming("CA" + "3".repeat(32));
		dead.calls.statusCallback(endedCall, Map.of("CallStatus", "completed"));
		String ownCall = other.streaming("CA" + "4".repeat(32));
		List<String> moreDeadCalls = new ArrayList<>();
		for (int i = 0; i < 20; i++) {
			moreDeadCalls.add(dead.streaming(String.format("CA%032d", 100 + i)));
		}
		dead.journal.flush();
		alive.journal.flush();
		other.journal.flush();
		// node-a dies: no shutdown, so no more beats; its last one was two minutes ago
		JdbcClient.create(db).sql("update node_runs set heartbeat_at = heartbeat_at - interval '2' minute where run_id = :run")
			.param("run", dead.run.runId())
			.update();

		// both nodes still alive look at the same moment; each call is ended by one of them
		CyclicBarrier together = new CyclicBarrier(2);
		List<Thread> sweepers = new ArrayList<>();
		for (Node node : List.of(alive, other)) {
			Thread sweeper = new Thread(() -> {
				try {
					together.await();
				}
				catch (Exception ex) {
					throw new IllegalStateException(ex);
				}
				node.heartbeat.beat();
			});
			sweeper.start();
			sweepers.add(sweeper);
		}
		for (Thread sweeper : sweepers) {
			sweeper.join();
		}
		alive.heartbeat.beat();

		CallRepository repository = other.repository;
		assertThat(repository.find(deadCall).orElseThrow().status()).isEqualTo("interrupted");
		assertThat(repository.find(deadCall).orElseThrow().endedAt()).isNotNull();
		assertThat(repository.diagnostics(deadCall)).singleElement().satisfies((d) -> {
			assertThat(d.code()).isEqualTo(Diagnostics.CALL_INTERRUPTED);
			assertThat(d.message()).contains("node 'node-a'").contains("last seen alive");
		});
		other.journal.flush();
		alive.journal.flush();
		for (String call : moreDeadCalls) {
			assertThat(repository.find(call).orElseThrow().status()).isEqualTo("interrupted");
			assertThat(repository.events(call)).as(call)
				.filteredOn((e) -> e.detail().startsWith("interrupted node stopped"))
				.hasSize(1);
		}
		assertThat(repository.events(deadCall)).filteredOn((e) -> e.detail().startsWith("interrupted node stopped")).hasSize(1);

		// the live node's call, the call that had ended and the sweeper's own call are left as they were
		assertThat(repository.find(aliveCall).orElseThrow().status()).isEqualTo("in-progress");
		assertThat(repository.find(ownCall).orElseThrow().status()).isEqualTo("in-progress");
		assertThat(repository.find(endedCall).orElseThrow().status()).isEqualTo("completed");
		assertThat(repository.diagnostics(aliveCall)).isEmpty();
		assertThat(repository.diagnostics(ownCall)).isEmpty();
		assertThat(repository.diagnostics(endedCall)).isEmpty();
	}

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void aCleanStopUnregistersTheRunAndItsLeftoverCallsAreEndedAtOnce(String database) {
		DriverManagerDataSource db = database(database);
		Node stopping = new Node(db, "node-a");
		Node alive = new Node(db, "node-b").registered();
		// a call the stopping node's shutdown did not get to end (its flush timed out)
		String leftOver = stopping.streaming("CA" + "5".repeat(32));
		stopping.journal.flush();
		stopping.heartbeat.start();
		assertThat(runs(db)).contains(stopping.run.runId());
		alive.heartbeat.beat();
		assertThat(alive.repository.find(leftOver).orElseThrow().status()).as("its run is alive").isEqualTo("in-progress");

		stopping.heartbeat.stop();
		assertThat(runs(db)).doesNotContain(stopping.run.runId());
		alive.heartbeat.beat();

		assertThat(alive.repository.find(leftOver).orElseThrow().status()).isEqualTo("interrupted");
		assertThat(alive.repository.diagnostics(leftOver)).singleElement()
			.satisfies((d) -> assertThat(d.message()).contains("no longer registered"));
	}

	@Test
	void aRunTakenForStoppedRegistersAgainOnItsNextBeat() {
		DriverManagerDataSource db = database("h2");
		Node paused = new Node(db, "node-a");
		paused.heartbeat.start();
		try {
			JdbcClient.create(db).sql("delete from node_runs").update(); // as a node does with a run silent for a day
			paused.heartbeat.beat();
			assertThat(runs(db)).containsExactly(paused.run.runId());
		}
		finally {
			paused.heartbeat.stop();
		}
	}

	@Test
	void aStaleAfterShorterThanTwoBeatsIsRefused() {
		DriverManagerDataSource db = database("h2");
		Node node = new Node(db, "node-a");
		assertThatThrownBy(() -> new NodeHeartbeat(node.repository, node.calls, node.run, Duration.ofSeconds(10),
				Duration.ofSeconds(15)))
			.isInstanceOf(IllegalArgumentException.class)
			.hasMessageContaining("stale-after at least twice the interval")
			.hasMessageContaining("stale-after=PT15S");
	}

	List<String> runs(DriverManagerDataSource db) {
		return JdbcClient.create(db).sql("select run_id from node_runs").query(String.class).list();
	}

	DriverManagerDataSource database(String kind) {
		if (kind.equals("h2")) {
			String url = "jdbc:h2:mem:" + System.nanoTime()
					+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
			Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
			return new DriverManagerDataSource(url, "sa", "");
		}
		this.schema = "heartbeat_" + System.nanoTime();
		String url = "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + this.schema;
		Flyway.configure()
			.dataSource(url, "postgres", "")
			.schemas(this.schema)
			.createSchemas(true)
			.locations("classpath:db/migration")
			.load()
			.migrate();
		return new DriverManagerDataSource(url, "postgres", "");
	}

	/** What one node of the cluster has of its own: its run, its journal, its call service and its heartbeat. */
	final class Node {

		final NodeRun run;

		final CallRepository repository;

		final CallJournal journal;

		final CallService calls;

		final NodeHeartbeat heartbeat;

		Node(DriverManagerDataSource db, String id) {
			this.run = new NodeRun(id);
			this.repository = new CallRepository(JdbcClient.create(db), NodeHeartbeatTests.this.json);
			this.journal = new CallJournal(db, NodeHeartbeatTests.this.json, new LocalEventBus(),
					new SimpleMeterRegistry(), JournalProperties.defaults());
			this.journal.start();
			NodeHeartbeatTests.this.journals.add(this.journal);
			Clock clock = Clock.systemUTC();
			this.calls = new CallService(this.repository, this.journal, new LiveCalls(clock), clock, this.run);
			this.heartbeat = new NodeHeartbeat(this.repository, this.calls, this.run, INTERVAL, STALE_AFTER);
		}

		/** Registers the run, as {@link NodeHeartbeat#start} does, without a thread that beats on its own. */
		Node registered() {
			this.repository.runStarted(this.run);
			return this;
		}

		/** A call this node placed and now streams. */
		String streaming(String sid) {
			this.calls.placed(sid, "+14155550100", "+14155550111", "+15005550006", null, "queued");
			this.calls.statusCallback(sid, Map.of("CallStatus", "in-progress"));
			this.calls.streamStarted(sid, "MZ" + sid.substring(2), Set.of(Track.INBOUND, Track.OUTBOUND),
					CallDirection.OUTBOUND, StreamEvent.start("MZ" + sid.substring(2), List.of("inbound", "outbound"),
							"outbound"));
			return sid;
		}

	}

}
