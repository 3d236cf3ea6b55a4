package dev.kotae.messages.control;

import java.time.LocalDate;

/** One message counted against its caller's day: refused, with nothing recorded, once {@code limit} are counted. */
public record QuotaUse(String principal, LocalDate day, int limit) {
}
