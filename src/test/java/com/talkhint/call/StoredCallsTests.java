package com.talkhint.call;

import java.time.Instant;
import java.util.List;

import com.talkhint.event.CallEvent.HintFired;
import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.Hint;
import com.talkhint.event.LocalEventBus;
import com.talkhint.testing.SlowDataSource;
import com.talkhint.transcription.TranscriptSegment;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A reader outside the call package sees what was published before it asked, even while the journal's writer is
 * still behind (each of its statements takes 300 ms here).
 */
class StoredCallsTests {

	static final Instant AT = Instant.parse("2026-12-04T15:00:00Z");

	static final String SID = "CA" + "4".repeat(32);

	final JsonMapper json = JsonMapper.builder().build();

	CallJournal journal;

	@AfterEach
	void close() {
		if (this.journal != null) {
			this.journal.destroy();
		}
	}

	@Test
	void aReadWaitsForTheRowsTheJournalStillHolds() {
		String url = "jdbc:h2:mem:" + System.nanoTime()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
		Flyway.configure().dataSource(url, "sa", "").locations("classpath:db/migration").load().migrate();
		DriverManagerDataSource database = new DriverManagerDataSource(url, "sa", "");
		CallRepository repository = new CallRepository(JdbcClient.create(database), this.json);
		repository.insert(CallRecord.created(SID, "outbound", "+14155550100", "+14155550111", "+14155550122",
				"in-progress", null, AT));
		this.journal = new CallJournal(
				new SlowDataSource(database, 300, (thread) -> thread.getName().startsWith("journal-")), this.json,
				new LocalEventBus(), new SimpleMeterRegistry(), JournalProperties.defaults());
		this.journal.start();
		StoredCalls stored = new StoredCalls(repository, this.journal);

		Hint hint = new Hint("price-objection", "objection", "Price", "Ask what budget they had in mind", 900,
				"too expensive", Hint.RULE, null, "too expensive", "that is too expensive");
		this.journal.publish(new TranscriptFinal(SID, AT,
				new TranscriptFinal.Data("customer", "that is too expensive", 0, 900, List.of())));
		this.journal.publish(new HintFired(SID, AT, hint));
		StoredCalls.StoredCall call = stored.read(SID);

		assertThat(call.record()).hasValueSatisfying((r) -> assertThat(r.to()).isEqualTo("+14155550100"));
		assertThat(call.transcript()).extracting(TranscriptSegment::text).containsExactly("that is too expensive");
		assertThat(call.hints()).containsExactly(hint);
	}

}
