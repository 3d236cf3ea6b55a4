package dev.kotae.messages.entity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;

/**
 * How many messages each IAM principal may send per UTC day ({@code kotae:callerDailyLimit}, with
 * {@code kotae:callerDailyLimitOverrides}): a leaked role can spend a day's quota, not the account's
 * budget. A role's sessions count as the role, so a new session does not reset the count.
 *
 * @param overrides limits by principal (a role ARN, or an account id for every role in it)
 */
public record CallerQuota(int dailyLimit, Map<String, Integer> overrides) {

    public CallerQuota {
        overrides = Map.copyOf(overrides);
    }

    /**
     * The principal's own limit, else its account's, else the default. A session names its role without
     * the role's path, so an override given with one matches by the role's name, unique in its account.
     */
    public int limitFor(String principal) {
        if (overrides.containsKey(principal)) {
            return overrides.get(principal);
        }
        var byName = overrides.entrySet().stream()
                .filter(override -> Principals.sameRole(override.getKey(), principal)).findFirst();
        if (byName.isPresent()) {
            return byName.get().getValue();
        }
        return Principals.accountOf(principal).map(account -> overrides.getOrDefault(account, dailyLimit))
                .orElse(dailyLimit);
    }

    /** The UTC day {@code at} counts against. */
    public static LocalDate dayOf(Instant at) {
        return at.atOffset(ZoneOffset.UTC).toLocalDate();
    }

    /** Until the day's count starts again: the caller's Retry-After. */
    public static Duration untilTheDayEnds(Instant at) {
        return Duration.between(at, dayOf(at).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC));
    }
}
