package com.talkhint.call;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import com.talkhint.testing.MutableClock;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.support.JdbcTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Toll-fraud rules: agent's country by default, premium-rate prefixes refused, per-minute and per-day limits
 * (counted in a real database, migrated by Flyway like the app's; cross-node counting is in TwoNodeCallLimitsTests).
 */
class TollFraudGuardTests {

	static final List<String> PREMIUM = List.of("+1900", "+4490");

	final MutableClock clock = new MutableClock(Instant.parse("2026-11-23T10:00:00Z"));

	/** A guard on its own fresh in-memory H2 database with the app's schema. */
	TollFraudGuard guard(CallLimits limits) {
		DriverManagerDataSource db = new DriverManagerDataSource("jdbc:h2:mem:guard-" + UUID.randomUUID()
				+ ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DB_CLOSE_DELAY=-1", "sa", "");
		Flyway.configure().dataSource(db).locations("classpath:db/migration").load().migrate();
		return new TollFraudGuard(limits, this.clock, JdbcClient.create(db), new JdbcTransactionManager(db));
	}

	@Test
	void defaultAllowsOnlyTheAgentsCountry() {
		TollFraudGuard guard = guard(new CallLimits(List.of(), PREMIUM, 100, 1000));
		assertThatCode(() -> guard.check("+14155550100", "+15005550001")).doesNotThrowAnyException();
		assertThatThrownBy(() -> guard.check("+447700900123", "+15005550001")).isInstanceOf(ApiError.class)
			.hasMessageContaining("outside the allowed destinations [+1]")
			.satisfies((e) -> assertThat(((ApiError) e).status().value()).isEqualTo(403));
		TollFraudGuard uk = guard(new CallLimits(List.of(), PREMIUM, 100, 1000));
		assertThatCode(() -> uk.check("+447700900123", "+447700900999")).doesNotThrowAnyException();
	}

	@Test
	void premiumRateIsRefusedEvenWhenTheCountryIsAllowed() {
		TollFraudGuard guard = guard(new CallLimits(List.of("+1", "+44"), PREMIUM, 100, 1000));
		assertThatThrownBy(() -> guard.check("+19005550100", "+15005550001")).hasMessageContaining("premium-rate");
		assertThatThrownBy(() -> guard.check("+449012345678", "+15005550001")).hasMessageContaining("premium-rate");
		assertThatCode(() -> guard.check("+447700900123", "+15005550001")).doesNotThrowAnyException();
	}

	@Test
	void perMinuteLimitRecoversAfterAMinute() {
		TollFraudGuard guard = guard(new CallLimits(List.of(), PREMIUM, 3, 1000));
		for (int i = 0; i < 3; i++) {
			guard.check("+14155550100", "+15005550001");
		}
		assertThatThrownBy(() -> guard.check("+14155550100", "+15005550001")).hasMessageContaining("per minute")
			.satisfies((e) -> assertThat(((ApiError) e).status().value()).isEqualTo(429));
		this.clock.advance(Duration.ofSeconds(61));
		assertThatCode(() -> guard.check("+14155550100", "+15005550001")).doesNotThrowAnyException();
	}

	@Test
	void perDayLimit() {
		TollFraudGuard guard = guard(new CallLimits(List.of(), PREMIUM, 100, 5));
		for (int i = 0; i < 5; i++) {
			guard.check("+14155550100", "+15005550001");
			this.clock.advance(Duration.ofMinutes(10));
		}
		assertThatThrownBy(() -> guard.check("+14155550100", "+15005550001")).hasMessageContaining("Daily call limit");
		this.clock.advance(Duration.ofHours(24));
		assertThatCode(() -> guard.check("+14155550100", "+15005550001")).doesNotThrowAnyException();
	}

	@Test
	void countryCodes() {
		assertThat(TollFraudGuard.countryCode("+14155550100")).isEqualTo("1");
		assertThat(TollFraudGuard.countryCode("+74951234567")).isEqualTo("7");
		assertThat(TollFraudGuard.countryCode("+447700900123")).isEqualTo("44");
		assertThat(TollFraudGuard.countryCode("+353861234567")).isEqualTo("353");
	}

}
