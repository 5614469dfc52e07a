package com.talkhint.call;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Refuses destinations TalkHint must not dial on the user's account: outside the allowed prefixes
 * (default: the agent's own country), premium-rate prefixes, and calls past the per-minute and per-day
 * limits, counted in the shared database so that K nodes still allow the limit once, not K times. Each
 * refusal is a 4xx that says which rule and how to change it.
 */
@Component
public class TollFraudGuard {

	/** Country calling codes of two digits (ITU-T E.164 assignments); 1 and 7 are one digit, the rest three. */
	private static final Set<String> TWO_DIGIT_CODES = Set.of("20", "27", "30", "31", "32", "33", "34", "36", "39", "40",
			"41", "43", "44", "45", "46", "47", "48", "49", "51", "52", "53", "54", "55", "56", "57", "58", "60", "61",
			"62", "63", "64", "65", "66", "81", "82", "84", "86", "90", "91", "92", "93", "94", "95", "98");

	private final CallLimits limits;

	private final Clock clock;

	private final JdbcClient jdbc;

	private final TransactionTemplate transactions;

	public TollFraudGuard(CallLimits limits, Clock clock, JdbcClient jdbc, PlatformTransactionManager transactions) {
		this.limits = limits;
		this.clock = clock;
		this.jdbc = jdbc;
		this.transactions = new TransactionTemplate(transactions);
	}

	/** Throws an {@link ApiError} when {@code to} may not be called now; otherwise records the attempt. */
	public void check(String to, String agent) {
		for (String denied : this.limits.deniedPrefixes()) {
			if (to.startsWith(denied.trim())) {
				throw new ApiError(HttpStatus.FORBIDDEN, to + " is a premium-rate or high-cost destination (prefix "
						+ denied.trim() + "); TalkHint refuses it to protect your Twilio account",
						Map.of("rule", "denied-prefix"));
			}
		}
		List<String> allowed = allowedPrefixes(agent);
		if (allowed.stream().noneMatch(to::startsWith)) {
			throw new ApiError(HttpStatus.FORBIDDEN, to + " is outside the allowed destinations " + allowed
					+ "; set talkhint.calls.allowed-prefixes (TALKHINT_CALLS_ALLOWED_PREFIXES) to allow more",
					Map.of("rule", "not-allowed-prefix"));
		}
		reserve();
	}

	List<String> allowedPrefixes(String agent) {
		if (!this.limits.allowedPrefixes().isEmpty()) {
			return this.limits.allowedPrefixes().stream().map(String::trim).toList();
		}
		return List.of("+" + countryCode(agent));
	}

	/** The E.164 country calling code of a number ({@code +14155550100} → {@code 1}). */
	static String countryCode(String e164) {
		String digits = e164.substring(1);
		if (digits.startsWith("1") || digits.startsWith("7")) {
			return digits.substring(0, 1);
		}
		String two = digits.substring(0, 2);
		return TWO_DIGIT_CODES.contains(two) ? two : digits.substring(0, 3);
	}

	/**
	 * Counts and records the attempt in the shared database, so the limits hold across every node: the lock
	 * row serialises reservations (a {@code select ... for update} that two nodes cannot hold at once), and
	 * the count includes what the previous holder committed.
	 */
	private void reserve() {
		this.transactions.executeWithoutResult((tx) -> {
			Instant now = this.clock.instant();
			this.jdbc.sql("select id from call_placement_lock where id = 1 for update").query(Integer.class).single();
			Timestamp dayAgo = Timestamp.from(now.minus(Duration.ofDays(1)));
			this.jdbc.sql("delete from call_placements where placed_at <= :since").param("since", dayAgo).update();
			if (countSince(dayAgo) >= this.limits.maxPerDay()) {
				throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, "Daily call limit reached (" + this.limits.maxPerDay()
						+ " per 24 h); raise talkhint.calls.max-per-day if this is expected", Map.of("rule", "per-day"));
			}
			if (countSince(Timestamp.from(now.minus(Duration.ofMinutes(1)))) >= this.limits.maxPerMinute()) {
				throw new ApiError(HttpStatus.TOO_MANY_REQUESTS, "Too many calls: " + this.limits.maxPerMinute()
						+ " per minute at most; wait a moment or raise talkhint.calls.max-per-minute",
						Map.of("rule", "per-minute"));
			}
			this.jdbc.sql("insert into call_placements (placed_at) values (:at)").param("at", Timestamp.from(now)).update();
		});
	}

	private int countSince(Timestamp since) {
		return this.jdbc.sql("select count(*) from call_placements where placed_at > :since")
			.param("since", since)
			.query(Integer.class)
			.single();
	}

}
