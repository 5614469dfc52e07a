package com.talkhint.hint;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.support.GeneratedKeyHolder;
import org.springframework.jdbc.support.KeyHolder;

/**
 * Stores the agent's feedback on hints ({@code hint_feedback}, migration V4) and counts hints per entry for
 * the playbook page. Written from HTTP requests only, never from the media or recognition threads.
 */
public class FeedbackRepository {

	private final JdbcClient jdbc;

	private final AtomicLong version = new AtomicLong();

	public FeedbackRepository(JdbcClient jdbc) {
		this.jdbc = jdbc;
	}

	/** Changes every time an item is added or removed, so the meaning path knows to retrain. */
	long version() {
		return this.version.get();
	}

	FeedbackItem add(String callSid, String hintId, String verdict, String text, Long atMs, Instant now) {
		KeyHolder keys = new GeneratedKeyHolder();
		this.jdbc.sql("""
				insert into hint_feedback (call_sid, hint_id, verdict, text, at_ms, created_at)
				values (:sid, :hint, :verdict, :text, :at, :created)""")
			.param("sid", callSid)
			.param("hint", hintId)
			.param("verdict", verdict)
			.param("text", text)
			.param("at", atMs)
			.param("created", Timestamp.from(now))
			.update(keys, "id");
		this.version.incrementAndGet();
		return new FeedbackItem(keys.getKey().longValue(), callSid, hintId, verdict, text, atMs, now);
	}

	boolean delete(long id) {
		boolean deleted = this.jdbc.sql("delete from hint_feedback where id = :id").param("id", id).update() > 0;
		if (deleted) {
			this.version.incrementAndGet();
		}
		return deleted;
	}

	/** Newest first; {@code hintId} null for all. */
	List<FeedbackItem> list(String hintId, int limit) {
		if (hintId == null) { // two statements: PostgreSQL cannot type a null parameter in ":hint is null"
			return this.jdbc.sql("select * from hint_feedback order by id desc limit :limit")
				.param("limit", limit)
				.query(FeedbackRepository::item)
				.list();
		}
		return this.jdbc.sql("select * from hint_feedback where hint_id = :hint order by id desc limit :limit")
			.param("hint", hintId)
			.param("limit", limit)
			.query(FeedbackRepository::item)
			.list();
	}

	/** Every item that teaches the meaning path (wrong and missed lines), oldest first. */
	List<FeedbackItem> lessons() {
		return this.jdbc.sql("select * from hint_feedback where verdict <> 'useful' and text is not null order by id")
			.query(FeedbackRepository::item)
			.list();
	}

	/** Per entry id: {fired, useful, wrong, missed} over all stored calls and feedback. */
	Map<String, long[]> counts() {
		Map<String, long[]> out = new java.util.TreeMap<>();
		this.jdbc.sql("select hint_id, count(*) as n from hints group by hint_id")
			.query((rs, n) -> out.computeIfAbsent(rs.getString("hint_id"), k -> new long[4])[0] = rs.getLong("n"))
			.list();
		this.jdbc.sql("select hint_id, verdict, count(*) as n from hint_feedback group by hint_id, verdict")
			.query((rs, n) -> {
				int slot = switch (rs.getString("verdict")) {
					case FeedbackItem.USEFUL -> 1;
					case FeedbackItem.WRONG -> 2;
					default -> 3;
				};
				return out.computeIfAbsent(rs.getString("hint_id"), k -> new long[4])[slot] = rs.getLong("n");
			})
			.list();
		return out;
	}

	private static FeedbackItem item(ResultSet rs, int row) throws SQLException {
		long at = rs.getLong("at_ms");
		Long atMs = rs.wasNull() ? null : at;
		Timestamp created = rs.getTimestamp("created_at");
		return new FeedbackItem(rs.getLong("id"), rs.getString("call_sid"), rs.getString("hint_id"),
				rs.getString("verdict"), rs.getString("text"), atMs, (created != null) ? created.toInstant() : Instant.EPOCH);
	}

}
