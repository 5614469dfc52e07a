package com.talkhint.call;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Locale;

import com.talkhint.event.CallEvent.TranscriptFinal;
import com.talkhint.event.LocalEventBus;
import com.zaxxer.hikari.HikariDataSource;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.flywaydb.core.Flyway;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What H2's {@code WRITE_DELAY} costs the {@link CallJournal}: writes N transcript lines through the journal to an
 * H2 file, with each write delay given, and prints the time. Two shapes: {@code lone}, each line flushed before the
 * next is published (one row per transaction, as a live call's finals arrive, seconds apart), and {@code burst},
 * all published at once (the writer batches them, as under load). Printed, not asserted.
 * <p>
 * {@code ./talkhint bench journal [rows] [write delays...]}, e.g. {@code 2000 500 0}.
 */
public final class JournalWriteCost {

	private JournalWriteCost() {
	}

	public static void main(String[] args) throws Exception {
		int rows = (args.length > 0) ? Integer.parseInt(args[0]) : 2000;
		List<String> delays = (args.length > 1) ? List.of(args).subList(1, args.length) : List.of("500", "0");
		System.out.printf(Locale.ROOT, "%-12s %-6s %6s %8s %9s %10s %12s%n", "WRITE_DELAY", "shape", "rows", "ms",
				"ms/row", "file KiB", "closed KiB");
		for (int round = 0; round < 2; round++) { // the first round warms the JIT; only the second is printed
			for (String delay : delays) {
				for (String shape : List.of("lone", "burst")) {
					measure(rows, Integer.parseInt(delay), shape, round == 1);
				}
			}
		}
	}

	private static void measure(int rows, int writeDelay, String shape, boolean print) throws Exception {
		Path dir = Files.createTempDirectory("journal-cost");
		Path file = dir.resolve("talkhint.mv.db");
		try {
			long ms;
			long openKib;
			try (HikariDataSource db = new HikariDataSource()) {
				db.setJdbcUrl("jdbc:h2:file:" + dir.resolve("talkhint")
						+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;WRITE_DELAY="
						+ writeDelay);
				db.setUsername("sa");
				db.setMaximumPoolSize(4);
				Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
				JsonMapper json = JsonMapper.builder().build();
				String sid = "CA" + "c".repeat(32);
				new CallRepository(JdbcClient.create(db), json).insert(CallRecord.created(sid, "outbound",
						"+14155550100", "+14155550111", "+14155550122", "in-progress", null, Instant.now()));
				CallJournal journal = new CallJournal(db, json, new LocalEventBus(), new SimpleMeterRegistry(),
						JournalProperties.defaults());
				journal.start();
				long began = System.nanoTime();
				for (int i = 0; i < rows; i++) {
					journal.publish(new TranscriptFinal(sid, Instant.now(), new TranscriptFinal.Data("customer",
							"line " + i + " of the call, about as long as a sentence somebody says", i * 1000L,
							i * 1000L + 900, List.of())));
					if ("lone".equals(shape)) {
						journal.flush(sid);
					}
				}
				journal.flush(sid);
				ms = (System.nanoTime() - began) / 1_000_000;
				journal.destroy();
				openKib = Files.size(file) / 1024;
			}
			if (print) {
				System.out.printf(Locale.ROOT, "%-12d %-6s %6d %8d %9.3f %10d %12d%n", writeDelay, shape, rows, ms,
						(double) ms / rows, openKib, Files.size(file) / 1024);
			}
		}
		finally {
			try (var files = Files.walk(dir)) {
				files.sorted(java.util.Comparator.reverseOrder()).forEach((p) -> p.toFile().delete());
			}
		}
	}
}
