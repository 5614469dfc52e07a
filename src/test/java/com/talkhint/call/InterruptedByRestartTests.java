package com.talkhint.call;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which databases a starting node may treat as its own alone, and so end the calls an earlier run left streaming
 * ({@link InterruptedByRestart}); the restart itself is {@link KillMidCallTests}.
 */
class InterruptedByRestartTests {

	@Test
	void onlyAnEmbeddedH2FileThatNoOtherProcessCanOpenIsHeldAlone() {
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:file:./data/talkhint;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;"
				+ "DEFAULT_NULL_ORDERING=HIGH;AUTO_SERVER=FALSE;WRITE_DELAY=0")).as("the default").isTrue();
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:/var/lib/talkhint/talkhint")).isTrue();
		assertThat(InterruptedByRestart.heldAlone("JDBC:H2:~/talkhint;MODE=PostgreSQL")).isTrue();

		// Other processes may have it open
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:file:./data/talkhint;AUTO_SERVER=TRUE")).isFalse();
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:file:./data/talkhint;auto_server = true")).isFalse();
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:file:./data/talkhint;FILE_LOCK=NO")).isFalse();
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:tcp://db:9092/talkhint")).isFalse();
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:ssl://db/talkhint")).isFalse();
		// several nodes share it
		assertThat(InterruptedByRestart.heldAlone("jdbc:postgresql://127.0.0.1:5432/talkhint")).isFalse();
		// a test JVM shares named in-memory databases between its contexts
		assertThat(InterruptedByRestart.heldAlone("jdbc:h2:mem:callflow;DB_CLOSE_DELAY=-1")).isFalse();
		// no URL known (a DataSource of one's own): nothing is assumed
		assertThat(InterruptedByRestart.heldAlone("")).isFalse();
		assertThat(InterruptedByRestart.heldAlone(null)).isFalse();
	}

}
