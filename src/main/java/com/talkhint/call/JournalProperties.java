package com.talkhint.call;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the {@link CallJournal} queues and writes ({@code talkhint.journal.*}).
 *
 * @param capacity rows that may wait for the writer; a producer that finds it full is pushed back. A row is a few
 * hundred bytes: 10,000 rows is a few MB, minutes of a busy node's events
 * @param batchSize most rows written in one transaction (one JDBC batch per table)
 * @param pushBack how long a producer waits for room in a full queue before it writes rows itself
 * @param shutdownTimeout how long closing the context waits for the queue to drain before the database closes;
 * kept below {@code spring.lifecycle.timeout-per-shutdown-phase}
 * @param readTimeout how long a read of a call (the API, the summary webhook) waits for the call's queued rows
 */
@ConfigurationProperties("talkhint.journal")
public record JournalProperties(@DefaultValue("10000") int capacity, @DefaultValue("100") int batchSize,
		@DefaultValue("1s") Duration pushBack, @DefaultValue("10s") Duration shutdownTimeout,
		@DefaultValue("5s") Duration readTimeout) {

	public JournalProperties {
		if (capacity < 1 || batchSize < 1) {
			throw new IllegalArgumentException("talkhint.journal.capacity and batch-size must be at least 1");
		}
	}

	/** The defaults above, for a journal made without Spring. */
	public static JournalProperties defaults() {
		return new JournalProperties(10_000, 100, Duration.ofSeconds(1), Duration.ofSeconds(10), Duration.ofSeconds(5));
	}

}
