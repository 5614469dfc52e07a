package com.talkhint.call;

import java.time.Duration;

import com.talkhint.audio.Speaker;
import com.talkhint.transcription.Degradation;
import com.talkhint.transcription.LagReport;
import com.talkhint.transcription.NodeLoad;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A lagging track becomes a diagnostic that says what was measured and whom to blame, and is resolved (no longer
 * listed) when the track is back in real time; a later episode is a diagnostic of its own.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
		"spring.datasource.url=jdbc:h2:mem:transcriptionhealth;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1",
		"talkhint.transcription.warm-up=false" })
class TranscriptionHealthDiagnosticsTests {

	@Autowired
	CallService calls;

	@Autowired
	CallRepository repository;

	@Autowired
	TranscriptionHealthDiagnostics health;

	@Test
	void oneCallOnABusyMachineBlamesTheMachineAndClearsWhenBackInRealTime() {
		String sid = "CA" + "7".repeat(32);
		this.calls.placed(sid, "+14155550100", "+15005550001", "+15005550006", null, "queued");
		// One call; TalkHint used 0.3 cores while the machine was fully busy: other work took the CPU.
		NodeLoad busy = new NodeLoad(1, 2, 2, 3200, 0.2, 0.3, 2.0, 0.25, 6, Degradation.REFUSING_CALLS);

		this.health.onLagging(sid, Speaker.CUSTOMER, new LagReport(3200, 3200, 0, 0, busy, 1));

		await().atMost(Duration.ofSeconds(10)).until(() -> !this.repository.diagnostics(sid).isEmpty());
		Diagnostic lagging = this.repository.diagnostics(sid).get(0);
		assertThat(lagging.code()).isEqualTo(Diagnostics.TRANSCRIPTION_LAGGING);
		assertThat(lagging.message()).contains("customer", "3.2 s behind real time", "1 call(s) streaming",
				"No audio is dropped");
		assertThat(lagging.cause()).contains("Other work on this machine took the CPU")
			.doesNotContain("more concurrent calls");

		this.health.onCaughtUp(sid, Speaker.CUSTOMER, new LagReport(100, 4100, 9000, 0, busy, 1));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.repository.diagnostics(sid).isEmpty());

		this.health.onLagging(sid, Speaker.CUSTOMER, new LagReport(2500, 2500, 0, 0, busy, 2));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.repository.diagnostics(sid).size() == 1);
	}

	@Test
	void aNodeOverItsMeasuredCapacitySaysSo() {
		String sid = "CA" + "8".repeat(32);
		this.calls.placed(sid, "+14155550101", "+15005550001", "+15005550006", null, "queued");
		NodeLoad full = new NodeLoad(9, 2, 2, 2600, 1.9, 1.95, 2.0, 0.2, 8, Degradation.REFUSING_CALLS);

		this.health.onLagging(sid, Speaker.AGENT, new LagReport(2600, 2600, 0, 0, full, 1));

		await().atMost(Duration.ofSeconds(10)).until(() -> !this.repository.diagnostics(sid).isEmpty());
		assertThat(this.repository.diagnostics(sid).get(0).cause()).contains("This node runs 9 calls",
				"measured capacity for 8");
	}

	@Test
	void aDegradationStepSaysWhatWasMeasuredAndBlamesOtherWorkWhenItTookTheCpu() {
		String sid = "CA" + "9".repeat(32);
		this.calls.placed(sid, "+14155550102", "+15005550001", "+15005550006", null, "queued");
		// The step follows the recent lag: by the time it is reported the lag may already be small.
		NodeLoad starved = new NodeLoad(1, 2, 2, 40, 0.3, 0.35, 1.9, 0.25, 6, Degradation.FEWER_PARTIALS);

		this.health.onDegraded(sid, Speaker.CUSTOMER, Degradation.FEWER_PARTIALS, starved);

		await().atMost(Duration.ofSeconds(10)).until(() -> !this.repository.diagnostics(sid).isEmpty());
		Diagnostic degraded = this.repository.diagnostics(sid).get(0);
		assertThat(degraded.code()).isEqualTo(Diagnostics.TRANSCRIPTION_DEGRADED);
		assertThat(degraded.message()).contains("fell behind real time", "partial transcripts come less often",
				"40 ms behind real time now").doesNotContain("overloaded");
		assertThat(degraded.cause()).contains("Other processes on this machine");
	}

}
