package com.talkhint.twilio;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The shutdown flush stays inside Spring's {@code spring.lifecycle.timeout-per-shutdown-phase}. */
class ShutdownFlushTimeoutTests {

	@Test
	void aFlushTimeoutBelowThePhaseTimeoutIsKept() {
		assertThat(MediaStreamHandler.flushTimeout(Duration.ofSeconds(10), Duration.ofSeconds(20)))
			.isEqualTo(Duration.ofSeconds(10));
	}

	@Test
	void aFlushTimeoutReachingThePhaseTimeoutIsClampedBelowIt() {
		assertThat(MediaStreamHandler.flushTimeout(Duration.ofSeconds(30), Duration.ofSeconds(20)))
			.isEqualTo(Duration.ofSeconds(18));
		assertThat(MediaStreamHandler.flushTimeout(Duration.ofSeconds(10), Duration.ofSeconds(1)))
			.isEqualTo(Duration.ofMillis(500));
	}

}
