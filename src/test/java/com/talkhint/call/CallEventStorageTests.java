package com.talkhint.call;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;

import com.talkhint.event.CallEvent.CallStatus;
import com.talkhint.event.CallEvent.StreamEvent;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stored call events come back as the records that were published (data_json, written by Jackson), on H2 and on the
 * real PostgreSQL; rows written before V9 are backfilled from the first word of their detail (call.status with its
 * label, twilio.event with its name) and a row that cannot be is still listed, with its detail and no event.
 */
class CallEventStorageTests {

	static final String SID = "CA" + "7".repeat(32);

	/** Microseconds: both databases keep timestamps to the microsecond. */
	static final Instant AT = Instant.parse("2026-12-04T15:00:00.123456Z");

	final JsonMapper json = JsonMapper.builder().build();

	@ParameterizedTest
	@ValueSource(strings = { "h2", "postgresql" })
	void eventsComeBackAsTheirRecordsAndOldRowsStayReadable(String database) throws Exception {
		String schema = "th_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
		String url = "h2".equals(database)
				? "jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1"
				: "jdbc:postgresql://127.0.0.1:5432/test?currentSchema=" + schema;
		String user = "h2".equals(database) ? "sa" : "postgres";
		try {
			Flyway before = Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration")
				.schemas("h2".equals(database) ? new String[0] : new String[] { schema }).target("8").load();
			before.migrate();
			JdbcClient jdbc = JdbcClient.create(new DriverManagerDataSource(url, user, ""));
			CallRepository calls = new CallRepository(jdbc, this.json);
			calls.insert(CallRecord.created(SID, "outbound", "+14155550100", "+14155550111", "+14155550122", "queued",
					null, AT));
			for (String[] row : new String[][] { { "call.status", "queued to=+14155550100 agent=+14155550111" },
					{ "twilio.event", "connected protocol=Call" }, { "twilio.event", "" } }) {
				jdbc.sql("insert into call_events (call_sid, at, type, detail) values (:sid, :at, :type, :detail)")
					.param("sid", SID).param("at", java.sql.Timestamp.from(AT)).param("type", row[0])
					.param("detail", row[1]).update();
			}
			Flyway.configure().dataSource(url, user, "").locations("classpath:db/migration")
				.schemas("h2".equals(database) ? new String[0] : new String[] { schema }).load().migrate();

			StreamEvent stop = new StreamEvent(SID, AT.plus(1, ChronoUnit.SECONDS), StreamEvent.stop("MZ1", 400, 399));
			calls.addEvent(stop, "stop");

			List<CallEventRecord> events = calls.events(SID);
			assertThat(events).extracting(CallEventRecord::type)
				.containsExactly("call.status", "twilio.event", "twilio.event", "twilio.event");
			assertThat(events.get(0).event()).isEqualTo(new CallStatus(SID, AT, "queued", "Calling agent"));
			assertThat(events.get(0).detail()).isEqualTo("queued to=+14155550100 agent=+14155550111");
			assertThat(events.get(1).event()).isInstanceOfSatisfying(StreamEvent.class,
					(e) -> assertThat(e.data().event()).isEqualTo("connected"));
			assertThat(events.get(2).event()).as("nothing to backfill from").isNull();
			assertThat(events.get(3).event()).isEqualTo(stop);
		}
		finally {
			if (!"h2".equals(database)) {
				try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test", "postgres", "")) {
					c.createStatement().execute("drop schema if exists " + schema + " cascade");
				}
			}
		}
	}

}
