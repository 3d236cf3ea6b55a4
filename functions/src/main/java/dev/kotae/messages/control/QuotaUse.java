package dev.kotae.messages.control;

import java.time.LocalDate;

/**
 * Messages counted against their caller's day: refused, with nothing recorded, when {@code count}
 * more would pass {@code limit}.
 */
public record QuotaUse(String principal, LocalDate day, int limit, int count) {

    /** One message. */
    public QuotaUse(String principal, LocalDate day, int limit) {
        this(principal, day, limit, 1);
    }

    /** Whether {@code count} could ever fit: more than a whole day's limit never does. */
    public boolean fitsADay() {
        return count <= limit;
    }
}
