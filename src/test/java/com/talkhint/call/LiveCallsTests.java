package com.talkhint.call;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.talkhint.testing.MutableClock;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The one per-call state holder: features' state on the call, made once, shared, and forgotten with the call. */
class LiveCallsTests {

	private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

	private static final Duration MIN_AGE = Duration.ofMinutes(2);

	/** What a feature would declare: its own key, its own state type. */
	private static final LiveCall.Key<List<String>> NOTES = new LiveCall.Key<>("test.notes");

	private final MutableClock clock = new MutableClock(NOW);

	private final LiveCalls calls = new LiveCalls(this.clock);

	@Test
	void aFeaturesStateIsMadeOnceAndSharedByEveryoneWhoAsks() throws Exception {
		AtomicInteger made = new AtomicInteger();
		CountDownLatch go = new CountDownLatch(1);
		List<CompletableFuture<List<String>>> askers = new ArrayList<>();
		for (int i = 0; i < 8; i++) {
			askers.add(CompletableFuture.supplyAsync(() -> {
				await(go);
				return this.calls.get("CA1").attachment(NOTES, () -> {
					made.incrementAndGet();
					return new java.util.concurrent.CopyOnWriteArrayList<>();
				});
			}));
		}
		go.countDown();
		List<String> first = askers.get(0).get(10, TimeUnit.SECONDS);
		for (CompletableFuture<List<String>> asker : askers) {
			assertThat(asker.get(10, TimeUnit.SECONDS)).isSameAs(first);
		}
		assertThat(made).hasValue(1);
		first.add("said once");
		assertThat(this.calls.find("CA1").orElseThrow().attachment(NOTES)).containsExactly("said once");
	}

	@Test
	void keysAreTheFeaturesOwnEvenUnderOneName() {
		LiveCall.Key<String> other = new LiveCall.Key<>("test.notes");
		LiveCall call = this.calls.get("CA1");
		call.attachment(NOTES, ArrayList::new);
		assertThat(call.attachment(other)).isNull();
		assertThat(call.attachment(other, () -> "its own")).isEqualTo("its own");
		assertThat(call.attachment(NOTES)).isEmpty();
	}

	@Test
	void eachCallHasItsOwnState() {
		this.calls.get("CA1").attachment(NOTES, ArrayList::new).add("one");
		assertThat(this.calls.get("CA2").attachment(NOTES, ArrayList::new)).isEmpty();
		assertThat(this.calls.find("CA3")).isEmpty();
	}

	@Test
	void everythingOnACallIsDroppedAtOnceWhenItIsForgotten() {
		LiveCall call = this.calls.get("CA1");
		call.attachment(NOTES, ArrayList::new).add("kept till the end");
		assertThat(call.claimDiagnostic("no-stream")).isTrue();
		assertThat(call.claimDiagnostic("no-stream")).isFalse();

		this.clock.advance(MIN_AGE.plusSeconds(1));
		this.calls.forgetAllBut(Set.of(), this.clock.instant(), MIN_AGE);

		assertThat(this.calls.find("CA1")).isEmpty();
		// whoever still holds the old LiveCall finds nothing on it
		assertThat(call.attachment(NOTES)).isNull();
		assertThat(call.claimDiagnostic("no-stream")).isTrue();
		// a later callback starts afresh
		assertThat(this.calls.get("CA1").attachment(NOTES, ArrayList::new)).isEmpty();
	}

	@Test
	void aWatchedOrYoungCallIsKept() {
		this.calls.get("CA-watched").attachment(NOTES, ArrayList::new).add("watched");
		this.clock.advance(MIN_AGE.plusSeconds(1));
		this.calls.get("CA-young").attachment(NOTES, ArrayList::new).add("young");

		this.calls.forgetAllBut(Set.of("CA-watched"), this.clock.instant(), MIN_AGE);

		assertThat(this.calls.find("CA-watched").orElseThrow().attachment(NOTES)).containsExactly("watched");
		assertThat(this.calls.find("CA-young").orElseThrow().attachment(NOTES)).containsExactly("young");
	}

	@Test
	void manyCallsLeaveNothingBehind() {
		for (int round = 0; round < 10; round++) {
			for (int i = 0; i < 1_000; i++) {
				LiveCall call = this.calls.get("CA" + round + "-" + i);
				call.attachment(NOTES, ArrayList::new).add("line");
				call.claimDiagnostic("track-silent:inbound");
			}
			assertThat(this.calls.size()).isEqualTo(1_000);
			this.clock.advance(MIN_AGE.plusSeconds(1));
			this.calls.forgetAllBut(Set.of(), this.clock.instant(), MIN_AGE);
			assertThat(this.calls.size()).isZero();
		}
	}

	private static void await(CountDownLatch latch) {
		try {
			latch.await(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
