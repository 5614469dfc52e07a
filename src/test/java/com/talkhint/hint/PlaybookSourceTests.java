package com.talkhint.hint;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/** Where the playbook comes from and how edits to the file are picked up or refused. */
class PlaybookSourceTests {

	private static final String ONE = """
			entries:
			  - {id: one, kind: info, title: One, text: First, triggers: [alpha]}
			""";

	private static final String TWO = """
			entries:
			  - {id: two, kind: info, title: Two, text: Second, triggers: [beta]}
			""";

	@TempDir
	Path dir;

	@Test
	void withoutAUserFileTheBuiltInPlaybookIsUsed() {
		PlaybookSource source = new PlaybookSource(null, this.dir.resolve("playbook.yml"));
		assertThat(source.playbook().source()).isEqualTo("classpath:playbook.yml");
		assertThat(source.lastError()).isNull();
	}

	@Test
	void aPlaybookInTheWorkingDirectoryIsPickedUpAndReloadedWhenItChanges() throws IOException {
		Path file = this.dir.resolve("playbook.yml");
		PlaybookSource source = new PlaybookSource("", file);
		assertThat(source.playbook().entry("price-objection")).isNotNull();

		write(file, ONE, 1);
		assertThat(source.reloadIfChanged()).isTrue();
		assertThat(source.playbook().entry("one")).isNotNull();
		assertThat(source.reloadIfChanged()).as("unchanged file is not re-read").isFalse();

		write(file, TWO, 2);
		assertThat(source.reloadIfChanged()).isTrue();
		assertThat(source.playbook().entry("two")).isNotNull();
	}

	@Test
	void aBadEditKeepsTheLastGoodPlaybookAndSaysWhy() throws IOException {
		Path file = this.dir.resolve("mine.yml");
		write(file, ONE, 1);
		PlaybookSource source = new PlaybookSource(file.toString(), this.dir.resolve("unused.yml"));
		assertThat(source.playbook().entry("one")).isNotNull();

		write(file, "entries:\n  - {id: one, kind: info, title: One, text: First, triggers: [alpha]\n", 2);
		assertThat(source.reloadIfChanged()).isFalse();
		assertThat(source.lastError()).contains(file.toString()).contains("not valid YAML");
		assertThat(source.playbook().entry("one")).as("last good playbook still in force").isNotNull();

		write(file, TWO, 3);
		assertThat(source.reloadIfChanged()).isTrue();
		assertThat(source.lastError()).isNull();
		assertThat(source.playbook().entry("two")).isNotNull();
	}

	@Test
	void aConfiguredFileThatDoesNotExistFallsBackToTheDefaultUntilItAppears() throws IOException {
		Path file = this.dir.resolve("later.yml");
		PlaybookSource source = new PlaybookSource(file.toString(), this.dir.resolve("unused.yml"));
		assertThat(source.lastError()).contains("does not exist");
		assertThat(source.playbook().source()).isEqualTo("classpath:playbook.yml");
		write(file, ONE, 1);
		assertThat(source.reloadIfChanged()).isTrue();
		assertThat(source.playbook().entry("one")).isNotNull();
	}

	/** Writes and stamps a distinct mtime: file systems with coarse timestamps would hide a quick second save. */
	private static void write(Path file, String yaml, int version) throws IOException {
		Files.writeString(file, yaml);
		Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(version)));
	}

}
