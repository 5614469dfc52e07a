package com.talkhint.transcription;

import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import com.talkhint.audio.Speaker;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class LoadGovernorTests {

	private final AtomicLong now = new AtomicLong(1_000_000);

	private final AtomicLong lag = new AtomicLong();

	private final AtomicLong cpuNanos = new AtomicLong();

	private final AtomicLong audioMs = new AtomicLong();

	private final java.util.concurrent.atomic.AtomicInteger streams = new java.util.concurrent.atomic.AtomicInteger(3);

	/** max-lag 2 s: fewer partials past 400 ms, economy decoder past 1 s, refusing calls past 2 s. */
	private final AtomicLong processNanos = new AtomicLong();

	private final LoadGovernor governor = new LoadGovernor(this::stats, this.cpuNanos::get, this.audioMs::get,
			this.processNanos::get, 2, 2000, this.now::get);

	private TranscriptionStats stats() {
		return new TranscriptionStats(this.streams.get(), 2 * this.streams.get(), List.of(new TrackStats("CA1", Speaker.AGENT, this.lag.get(),
				(int) (this.lag.get() / 20), 0, 1000, 1000, 100, 1)), 0);
	}

	private Degradation at(long lagMs) {
		this.lag.set(lagMs);
		this.now.addAndGet(LoadGovernor.TICK_MS);
		return this.governor.level();
	}

	@Test
	void degradesInOrderAsTheLagGrowsAndRefusesCallsLast() {
		assertThat(at(100)).isEqualTo(Degradation.NORMAL);
		assertThat(at(500)).isEqualTo(Degradation.FEWER_PARTIALS);
		assertThat(this.governor.refusal()).isNull();
		assertThat(at(1500)).isEqualTo(Degradation.ECONOMY_DECODER);
		assertThat(this.governor.refusal()).isNull();
		assertThat(at(2500)).isEqualTo(Degradation.REFUSING_CALLS);
		assertThat(this.governor.refusal()).contains("2500 ms behind real time");
		assertThat(this.governor.entered(Degradation.REFUSING_CALLS)).isEqualTo(1);
	}

	@Test
	void stepsDownOneLevelAtATimeOnlyAfterTenSecondsInRealTime() {
		at(2500);
		assertThat(at(50)).as("caught up, but not for long yet").isEqualTo(Degradation.REFUSING_CALLS);
		assertThat(this.governor.refusal()).as("but it takes calls again at once").isNull();
		this.now.addAndGet(LoadGovernor.CALM_MS);
		assertThat(at(50)).isEqualTo(Degradation.ECONOMY_DECODER);
		assertThat(at(50)).isEqualTo(Degradation.ECONOMY_DECODER);
		this.now.addAndGet(LoadGovernor.CALM_MS);
		assertThat(at(50)).isEqualTo(Degradation.FEWER_PARTIALS);
		assertThat(at(300)).as("behind again: the calm restarts").isEqualTo(Degradation.FEWER_PARTIALS);
		this.now.addAndGet(LoadGovernor.CALM_MS - 2 * LoadGovernor.TICK_MS);
		assertThat(at(50)).isEqualTo(Degradation.FEWER_PARTIALS);
	}

	@Test
	void refusesTheCallPastTheCapacityItMeasured() {
		at(0);
		// 3 calls in real time, tick after tick (500 ms) while the process used 0.9 cores: 0.3 CPU-s per
		// call-second (a capacity off a floor boundary on any core count); no capacity until the estimate rests on a minute of ten calls.
		double sampled = 0;
		while (sampled < LoadGovernor.TRUSTED_AFTER_CALL_SECONDS) {
			assertThat(this.governor.snapshot().capacity()).as("estimate still young").isEqualTo(-1);
			this.audioMs.addAndGet(3000);
			this.processNanos.addAndGet(LoadGovernor.TICK_MS * 1_000_000 * 9 / 10);
			assertThat(at(0)).isEqualTo(Degradation.NORMAL);
			sampled += 3 * LoadGovernor.TICK_MS / 1000.0;
		}
		NodeLoad load = this.governor.snapshot();
		assertThat(load.cpuPerCallSecond()).isCloseTo(0.3, org.assertj.core.data.Offset.offset(0.001));
		// cores × 0.8 planned share / 0.3
		assertThat(load.capacity()).as("never fewer than the 3 it held").isEqualTo(Math.max(3,
				(int) Math.floor(Runtime.getRuntime().availableProcessors() * 0.8 / load.cpuPerCallSecond())));
		assertThat(load.describe()).contains("3 call(s) streaming", "0.300 CPU-s per call-second");
		assertThat(this.governor.refusal()).as("room for one more").isNull();
		this.streams.set(load.capacity());
		this.audioMs.addAndGet(1000L * load.capacity());
		this.processNanos.addAndGet(LoadGovernor.TICK_MS * 1_000_000 * 3 * load.capacity() / 10); // 0.3 each again
		at(0);
		assertThat(this.governor.refusal()).contains("measured capacity of " + load.capacity() + " simultaneous calls");
	}

}
