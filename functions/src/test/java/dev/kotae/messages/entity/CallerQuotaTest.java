package dev.kotae.messages.entity;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class CallerQuotaTest {

    private static final CallerQuota QUOTA = new CallerQuota(1000, Map.of(
            "arn:aws:iam::111122223333:role/batch", 20_000,
            "arn:aws:iam::111122223333:role/service-role/nightly", 500,
            "444455556666", 10));

    /** A session counts as its role, so a new session does not start a new count. */
    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "arn:aws:sts::111122223333:assumed-role/batch/run-42, arn:aws:iam::111122223333:role/batch",
            "arn:aws:iam::111122223333:role/app, arn:aws:iam::111122223333:role/app",
    })
    void aRoleSessionCountsAsItsRole(String caller, String principal) {
        assertThat(Principals.of(caller)).isEqualTo(principal);
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource({
            "arn:aws:iam::111122223333:role/batch, 20000",
            "arn:aws:iam::444455556666:role/anything, 10",
            "arn:aws:iam::111122223333:role/app, 1000",
            "arn:aws:iam::111122223333:role/nightly, 500",
    })
    void thePrincipalsOwnLimitThenItsAccountsThenTheDefault(String principal, int limit) {
        assertThat(QUOTA.limitFor(principal)).isEqualTo(limit);
    }

    @Test
    void theDayEndsAtUtcMidnight() {
        assertThat(CallerQuota.untilTheDayEnds(Instant.parse("2026-11-29T23:59:30Z"))).isEqualTo(Duration.ofSeconds(30));
    }
}
