package com.talkhint.call;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

import com.talkhint.event.CallEvent;
import com.talkhint.event.Hint;
import com.talkhint.transcription.TranscriptSegment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.SqlParameterSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Stores calls with their status history, events, transcript, hints and diagnostics (schema in
 * {@code db/migration}), and reads them back. A call's row, its status and the milestones other nodes decide on
 * are written here at once, one short statement each; a call's events, transcript, hints, summary and stream
 * start reach the database through the {@link CallJournal}, which batches the statements defined here.
 */
@Repository
public class CallRepository {

	private static final Logger log = LoggerFactory.getLogger(CallRepository.class);

	private final JdbcClient jdbc;

	private final JsonMapper json;

	public CallRepository(JdbcClient jdbc, JsonMapper json) {
		this.jdbc = jdbc;
		this.json = json;
	}

	public void insert(CallRecord call) {
		this.jdbc.sql("""
				insert into calls (call_sid, direction, to_number, agent_number, from_number, status, scenario, created_at)
				values (:sid, :direction, :to, :agent, :from, :status, :scenario, :createdAt)""")
			.param("sid", call.callSid())
			.param("direction", call.direction())
			.param("to", call.to())
			.param("agent", call.agent())
			.param("from", call.from())
			.param("status", call.status())
			.param("scenario", call.scenario())
			.param("createdAt", ts(call.createdAt()))
			.update();
	}

	/**
	 * Records a call placed by {@code /start-call}. Twilio's first status callback can arrive before
	 * {@code create()} returns and create the row first; then the row is completed, its status kept.
	 */
	public void insertOrComplete(CallRecord call) {
		if (insertIfAbsent(call)) {
			return;
		}
		this.jdbc.sql("""
				update calls set direction = :direction, to_number = :to, agent_number = :agent, from_number = :from,
				scenario = :scenario where call_sid = :sid""")
			.param("direction", call.direction())
			.param("to", call.to())
			.param("agent", call.agent())
			.param("from", call.from())
			.param("scenario", call.scenario())
			.param("sid", call.callSid())
			.update();
	}

	/** Inserts the call unless it exists (a webhook may be the first we hear of an inbound call). */
	public boolean insertIfAbsent(CallRecord call) {
		if (exists(call.callSid())) {
			return false;
		}
		try {
			insert(call);
			return true;
		}
		catch (org.springframework.dao.DuplicateKeyException ex) {
			return false;
		}
	}

	public boolean exists(String callSid) {
		return this.jdbc.sql("select count(*) from calls where call_sid = :sid")
			.param("sid", callSid)
			.query(Integer.class)
			.single() > 0;
	}

	public void updateStatus(String callSid, String status) {
		this.jdbc.sql("update calls set status = :status where call_sid = :sid")
			.param("status", status)
			.param("sid", callSid)
			.update();
	}

	/** Sets one of the milestone columns once (the first time wins). */
	public void markMilestone(String callSid, Milestone milestone, Instant at) {
		this.jdbc.sql("update calls set " + milestone.column + " = :at where call_sid = :sid and " + milestone.column
				+ " is null")
			.param("at", ts(at))
			.param("sid", callSid)
			.update();
	}

	/** The {@code <Stream url>} of the TwiML served, for the no-stream diagnostic on whichever node checks. */
	public void setStreamUrl(String callSid, String streamUrl) {
		this.jdbc.sql("update calls set stream_url = :url where call_sid = :sid")
			.param("url", truncate(streamUrl, 2000))
			.param("sid", callSid)
			.update();
	}

	/**
	 * Stores a call's event: its {@code data} as the wire JSON (Jackson, from the record), type and time in their
	 * columns, so {@link #events} gives the same record back; {@code detail} is a short line for people (the log).
	 * One row, written now: the application writes through the {@link CallJournal}, which batches the same
	 * statement; this stays for tests and tools that fill a database directly.
	 */
	public void addEvent(CallEvent event, String detail) {
		this.jdbc.sql(INSERT_EVENT).paramSource(eventRow(this.json, event, detail)).update();
	}

	/** One row per call event (the {@link CallJournal} batches it). */
	static final String INSERT_EVENT = """
			insert into call_events (call_sid, at, type, detail, data_json)
			values (:sid, :at, :type, :detail, :data)""";

	static SqlParameterSource eventRow(JsonMapper json, CallEvent event, String detail) {
		return new MapSqlParameterSource().addValue("sid", event.callSid())
			.addValue("at", ts(event.at()))
			.addValue("type", event.type())
			.addValue("detail", truncate(detail, 4000))
			.addValue("data", json.writeValueAsString(event.data()));
	}

	/** One row (see {@link #addEvent} on who writes this way). */
	public void addTranscript(String callSid, TranscriptSegment segment) {
		this.jdbc.sql(INSERT_TRANSCRIPT)
			.paramSource(transcriptRow(callSid, segment.speaker().wireName(), segment.text(), segment.startMs(),
					segment.endMs(), segment.confidences()))
			.update();
	}

	static final String INSERT_TRANSCRIPT = """
			insert into transcript_segments (call_sid, speaker, text, start_ms, end_ms, word_confidences)
			values (:sid, :speaker, :text, :start, :end, :confidences)""";

	static SqlParameterSource transcriptRow(String callSid, String speaker, String text, long startMs, long endMs,
			List<Double> confidences) {
		return new MapSqlParameterSource().addValue("sid", callSid)
			.addValue("speaker", speaker)
			.addValue("text", truncate(text, 8000))
			.addValue("start", startMs)
			.addValue("end", endMs)
			.addValue("confidences", (text.length() <= 8000) ? confidences(confidences) : null);
	}

	/** One number per word, space-separated, or {@code null} when there are none. */
	private static String confidences(List<Double> confidences) {
		if (confidences.isEmpty()) {
			return null;
		}
		StringBuilder sb = new StringBuilder();
		for (double c : confidences) {
			sb.append(sb.isEmpty() ? "" : " ").append(BigDecimal.valueOf(c).stripTrailingZeros().toPlainString());
		}
		return sb.toString();
	}

	private static List<Double> confidences(String stored) {
		if (stored == null || stored.isBlank()) {
			return List.of();
		}
		return Arrays.stream(stored.trim().split(" ")).map(Double::valueOf).toList();
	}

	/** One row (see {@link #addEvent} on who writes this way). */
	public void addHint(String callSid, Hint hint) {
		this.jdbc.sql(INSERT_HINT).paramSource(hintRow(callSid, hint)).update();
	}

	static final String INSERT_HINT = """
			insert into hints (call_sid, hint_id, kind, title, text, at_ms, trigger_text, path, score, evidence, utterance)
			values (:sid, :id, :kind, :title, :text, :at, :trigger, :path, :score, :evidence, :utterance)""";

	static SqlParameterSource hintRow(String callSid, Hint hint) {
		return new MapSqlParameterSource().addValue("sid", callSid)
			.addValue("id", hint.id())
			.addValue("kind", hint.kind())
			.addValue("title", truncate(hint.title(), 300))
			.addValue("text", truncate(hint.text(), 4000))
			.addValue("at", hint.atMs())
			.addValue("trigger", truncate(hint.trigger(), 1000))
			.addValue("path", hint.path())
			.addValue("score", hint.score())
			.addValue("evidence", truncate(hint.evidence(), 1000))
			.addValue("utterance", truncate(hint.utterance(), 2000));
	}

	/** The after-call summary, as the {@link CallJournal} stores it. */
	static final String UPDATE_SUMMARY = "update calls set summary_json = :json where call_sid = :sid";

	static SqlParameterSource summaryRow(String callSid, String summaryJson) {
		return new MapSqlParameterSource().addValue("sid", callSid).addValue("json", summaryJson);
	}

	/**
	 * The media stream's {@code start}: its sid, the run of the node that holds it ({@link NodeRun}), and the stream
	 * milestone set once (the first time wins), in one statement, as the {@link CallJournal} stores it.
	 */
	static final String UPDATE_STREAM_STARTED = """
			update calls set stream_sid = :stream, stream_run = :run, stream_at = coalesce(stream_at, :at)
			where call_sid = :sid""";

	static SqlParameterSource streamStartedRow(String callSid, String streamSid, Instant at, String run) {
		return new MapSqlParameterSource().addValue("sid", callSid)
			.addValue("stream", streamSid)
			.addValue("run", run)
			.addValue("at", ts(at));
	}

	/*
	 * Node runs beat and are judged by the database's clock, the one clock every node shares: a node whose own clock
	 * is off (or a test's fixed clock) neither takes live nodes for dead nor looks dead itself.
	 */

	/** A node's run begins: it is alive now. */
	void runStarted(NodeRun run) {
		this.jdbc.sql("""
				insert into node_runs (run_id, node_id, started_at, heartbeat_at)
				values (:run, :node, current_timestamp, current_timestamp)""")
			.param("run", run.runId())
			.param("node", run.nodeId())
			.update();
	}

	/** The run is still alive; false when its row is gone (another node took it for dead). */
	boolean heartbeat(NodeRun run) {
		return this.jdbc.sql("update node_runs set heartbeat_at = current_timestamp where run_id = :run")
			.param("run", run.runId())
			.update() == 1;
	}

	/** The run stopped cleanly (its streaming calls were ended first); rows of runs silent for {@code forgetAfter} go too. */
	void runStopped(NodeRun run, Duration forgetAfter) {
		this.jdbc.sql("delete from node_runs where run_id = :run or heartbeat_at < :before")
			.param("run", run.runId())
			.param("before", ts(databaseNow().minus(forgetAfter)))
			.update();
	}

	/**
	 * Calls still open whose media stream a run other than {@code me} holds that has not beaten for
	 * {@code staleAfter}, or whose row is gone: the node died with the stream.
	 */
	List<OrphanedStream> orphanedStreams(NodeRun me, Duration staleAfter) {
		return this.jdbc.sql("""
				select c.call_sid, c.stream_at, c.stream_run, r.node_id, r.heartbeat_at
				from calls c left join node_runs r on r.run_id = c.stream_run
				where c.ended_at is null and c.stream_run is not null and c.stream_run <> :me
				and (r.run_id is null or r.heartbeat_at < :stale)
				order by c.created_at""")
			.param("me", me.runId())
			.param("stale", ts(databaseNow().minus(staleAfter)))
			.query((rs, n) -> new OrphanedStream(rs.getString("call_sid"), instant(rs, "stream_at"),
					rs.getString("stream_run"), rs.getString("node_id"), instant(rs, "heartbeat_at")))
			.list();
	}

	private Instant databaseNow() {
		return this.jdbc.sql("select current_timestamp").query(Timestamp.class).single().toInstant();
	}

	/**
	 * Takes the call of a dead run for this node to end: the update is the claim, so of several nodes that found it
	 * at once exactly one gets true.
	 */
	boolean claimOrphanedStream(OrphanedStream orphan) {
		return this.jdbc.sql("update calls set stream_run = null where call_sid = :sid and stream_run = :run")
			.param("sid", orphan.callSid())
			.param("run", orphan.runId())
			.update() == 1;
	}

	/**
	 * A call left streaming by a run that stopped beating.
	 *
	 * @param nodeId the run's node, {@code null} when its row is gone
	 * @param lastSeen its last heartbeat, {@code null} when its row is gone
	 */
	record OrphanedStream(String callSid, Instant streamAt, String runId, String nodeId, Instant lastSeen) {
	}

	public void addDiagnostic(String callSid, Diagnostic diagnostic) {
		addDiagnostic(callSid, diagnostic, null);
	}

	/**
	 * Stores a call's diagnostic unless one with the same {@code onceKey} is already stored for it, by any
	 * node: the unique index on (call_sid, once_key) makes the insert itself the claim. Returns whether it was
	 * stored.
	 */
	public boolean addDiagnosticOnce(String callSid, Diagnostic diagnostic, String onceKey) {
		return addDiagnostic(callSid, diagnostic, onceKey) == 1;
	}

	private int addDiagnostic(String callSid, Diagnostic diagnostic, String onceKey) {
		return this.jdbc.sql("""
				insert into diagnostics (call_sid, at, code, message, cause, fix, once_key)
				values (:sid, :at, :code, :message, :cause, :fix, :once) on conflict do nothing""")
			.param("sid", callSid)
			.param("once", onceKey)
			.param("at", ts(diagnostic.at()))
			.param("code", diagnostic.code())
			.param("message", truncate(diagnostic.message(), 2000))
			.param("cause", truncate(diagnostic.cause(), 2000))
			.param("fix", truncate(diagnostic.fix(), 2000))
			.update();
	}

	public Optional<CallRecord> find(String callSid) {
		return this.jdbc.sql("select * from calls where call_sid = :sid").param("sid", callSid).query(CallRepository::call)
			.optional();
	}

	public List<CallRecord> recent(int limit) {
		return this.jdbc.sql("select * from calls order by created_at desc, call_sid limit :limit")
			.param("limit", limit)
			.query(CallRepository::call)
			.list();
	}

	/** Calls not yet ended (used at shutdown and by the watchdog after a restart). */
	public List<CallRecord> unfinished() {
		return this.jdbc.sql("select * from calls where ended_at is null order by created_at")
			.query(CallRepository::call)
			.list();
	}

	/**
	 * What the watchdog decides on, as stored by every node: calls created since {@code createdSince} that
	 * have not ended, or ended since {@code endedSince}.
	 */
	public List<CallProgress> watched(Instant createdSince, Instant endedSince) {
		return this.jdbc.sql("""
				select call_sid, direction, status, created_at, answered_at, twiml_at, stream_at, ended_at, stream_url,
				webhook_at from calls
				where created_at >= :created and (ended_at is null or ended_at >= :ended) order by created_at""")
			.param("created", ts(createdSince))
			.param("ended", ts(endedSince))
			.query((rs, n) -> new CallProgress(rs.getString("call_sid"), rs.getString("direction"), rs.getString("status"),
					instant(rs, "created_at"), instant(rs, "answered_at"), instant(rs, "twiml_at"), instant(rs, "stream_at"),
					instant(rs, "ended_at"), rs.getString("stream_url"), instant(rs, "webhook_at")))
			.list();
	}

	public List<CallEventRecord> events(String callSid) {
		return this.jdbc.sql("select at, type, detail, data_json from call_events where call_sid = :sid order by id")
			.param("sid", callSid)
			.query((rs, n) -> {
				Instant at = instant(rs, "at");
				String type = rs.getString("type");
				return new CallEventRecord(at, type, rs.getString("detail"),
						event(callSid, at, type, rs.getString("data_json")));
			})
			.list();
	}

	/**
	 * The stored event as its record: the row's columns are the envelope, {@code data_json} its data. {@code null}
	 * for a row with no data (written before V9 and not backfilled) or one this version cannot read.
	 */
	private CallEvent event(String callSid, Instant at, String type, String dataJson) {
		if (dataJson == null) {
			return null;
		}
		try {
			ObjectNode node = this.json.createObjectNode();
			node.put("type", type);
			node.put("callSid", callSid);
			node.put("at", at.toString());
			node.set("data", this.json.readTree(dataJson));
			return this.json.treeToValue(node, CallEvent.class);
		}
		catch (RuntimeException ex) { // JacksonException is unchecked in Jackson 3
			log.debug("stored {} event of {} not readable: {}", type, callSid, ex.toString());
			return null;
		}
	}

	public List<TranscriptSegment> transcript(String callSid) {
		return this.jdbc.sql("""
				select speaker, text, start_ms, end_ms, word_confidences from transcript_segments
				where call_sid = :sid order by start_ms, id""")
			.param("sid", callSid)
			.query((rs, n) -> new TranscriptSegment(com.talkhint.audio.Speaker.valueOf(rs.getString("speaker").toUpperCase()),
					rs.getString("text"), rs.getLong("start_ms"), rs.getLong("end_ms"), List.of(),
					confidences(rs.getString("word_confidences"))))
			.list();
	}

	public List<Hint> hints(String callSid) {
		return this.jdbc.sql("""
				select hint_id, kind, title, text, at_ms, trigger_text, path, score, evidence, utterance from hints
				where call_sid = :sid order by id""")
			.param("sid", callSid)
			.query((rs, n) -> new Hint(rs.getString("hint_id"), rs.getString("kind"), rs.getString("title"),
					rs.getString("text"), rs.getLong("at_ms"), rs.getString("trigger_text"),
					(rs.getString("path") != null) ? rs.getString("path") : Hint.RULE, nullableDouble(rs, "score"),
					(rs.getString("evidence") != null) ? rs.getString("evidence") : rs.getString("trigger_text"),
					rs.getString("utterance")))
			.list();
	}

	private static Double nullableDouble(ResultSet rs, String column) throws SQLException {
		double v = rs.getDouble(column);
		return rs.wasNull() ? null : v;
	}

	/**
	 * Marks the call's diagnostic stored under {@code onceKey} resolved (its condition ended): it is no longer
	 * listed. Returns whether one was.
	 */
	public boolean resolveDiagnostic(String callSid, String onceKey, Instant at) {
		return this.jdbc.sql("update diagnostics set resolved_at = :at where call_sid = :sid and once_key = :once "
				+ "and resolved_at is null")
			.param("at", ts(at))
			.param("sid", callSid)
			.param("once", onceKey)
			.update() == 1;
	}

	/** The call's standing diagnostics (resolved ones are left out). */
	public List<Diagnostic> diagnostics(String callSid) {
		return this.jdbc.sql("select at, code, message, cause, fix from diagnostics where call_sid = :sid "
				+ "and resolved_at is null order by id")
			.param("sid", callSid)
			.query((rs, n) -> new Diagnostic(instant(rs, "at"), rs.getString("code"), rs.getString("message"),
					rs.getString("cause"), rs.getString("fix")))
			.list();
	}

	/** Diagnostics that belong to no call (startup checks, unattributable signature failures). */
	public List<Diagnostic> globalDiagnostics(int limit) {
		return this.jdbc.sql("select at, code, message, cause, fix from diagnostics where call_sid is null order by id desc limit :limit")
			.param("limit", limit)
			.query((rs, n) -> new Diagnostic(instant(rs, "at"), rs.getString("code"), rs.getString("message"),
					rs.getString("cause"), rs.getString("fix")))
			.list();
	}

	private static CallRecord call(ResultSet rs, int row) throws SQLException {
		return new CallRecord(rs.getString("call_sid"), rs.getString("direction"), rs.getString("to_number"),
				rs.getString("agent_number"), rs.getString("from_number"), rs.getString("status"),
				rs.getString("scenario"), rs.getString("stream_sid"), instant(rs, "created_at"),
				instant(rs, "answered_at"), instant(rs, "twiml_at"), instant(rs, "stream_at"), instant(rs, "ended_at"),
				rs.getString("summary_json"));
	}

	private static Instant instant(ResultSet rs, String column) throws SQLException {
		Timestamp ts = rs.getTimestamp(column);
		return (ts != null) ? ts.toInstant() : null;
	}

	private static Timestamp ts(Instant instant) {
		return (instant != null) ? Timestamp.from(instant) : null;
	}

	private static String truncate(String value, int max) {
		return (value == null || value.length() <= max) ? value : value.substring(0, max);
	}

	/** Milestones of a call, each a timestamp column set once. */
	public enum Milestone {

		ANSWERED("answered_at"), TWIML("twiml_at"), STREAM("stream_at"), ENDED("ended_at"),

		/** The first webhook of Twilio's for the call, whatever it was. */
		FIRST_WEBHOOK("webhook_at");

		private final String column;

		Milestone(String column) {
			this.column = column;
		}

	}

}
