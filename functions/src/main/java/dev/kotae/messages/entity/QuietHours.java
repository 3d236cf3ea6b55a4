package dev.kotae.messages.entity;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Collection;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The hours of a recipient's night, when marketing messages wait ({@code kotae:quietHours}, {@code 21:00-08:00} by
 * default: the TCPA's 8:00 to 21:00 at the recipient's location). From {@code start} (included) to
 * {@code end} (excluded), across midnight when {@code start} is after {@code end}.
 */
public record QuietHours(LocalTime start, LocalTime end) {

    private static final Pattern WINDOW = Pattern.compile("([01][0-9]|2[0-3]):([0-5][0-9])-([01][0-9]|2[0-3]):([0-5][0-9])");
    /** Zones whose windows never open together would otherwise move the time on forever: a day's worth of tries. */
    private static final int MOST_MOVES = 24;

    public QuietHours {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        if (start.equals(end)) {
            throw new IllegalArgumentException("Quiet hours must start and end at different times");
        }
    }

    /** Reads {@code HH:MM-HH:MM}. */
    public static QuietHours parse(String window) {
        var matched = WINDOW.matcher(window);
        if (!matched.matches()) {
            throw new IllegalArgumentException("Quiet hours are written HH:MM-HH:MM, such as 21:00-08:00; got '" + window + "'");
        }
        return new QuietHours(LocalTime.of(Integer.parseInt(matched.group(1)), Integer.parseInt(matched.group(2))),
                LocalTime.of(Integer.parseInt(matched.group(3)), Integer.parseInt(matched.group(4))));
    }

    public boolean quietAt(ZonedDateTime at) {
        var local = at.toLocalTime();
        return start.isBefore(end) ? !local.isBefore(start) && local.isBefore(end)
                : !local.isBefore(start) || local.isBefore(end);
    }

    /**
     * When a message due {@code at} may go out: the first moment at or after it that is outside these hours in every
     * one of {@code zones} (a number may map to several), or empty when {@code at} already is.
     */
    public Optional<Instant> heldUntil(Instant at, Collection<ZoneId> zones) {
        var candidate = at;
        for (int move = 0; move < MOST_MOVES; move++) {
            var moment = candidate;
            var quiet = zones.stream().filter(zone -> quietAt(moment.atZone(zone))).toList();
            if (quiet.isEmpty()) {
                return candidate.equals(at) ? Optional.empty() : Optional.of(candidate);
            }
            candidate = quiet.stream().map(zone -> endAfter(moment.atZone(zone))).max(Comparator.naturalOrder()).orElseThrow();
        }
        return Optional.of(candidate);
    }

    /**
     * When {@code request}, due {@code due}, goes instead because it is night where its recipient is: the end of their
     * quiet hours, at least a minute after {@code now}; empty when it goes as due (it is day there, or the message does
     * not wait for the night: {@link SendRequest#waitsForQuietHours}).
     */
    public Optional<Instant> holdOf(SendRequest request, Instant due, Instant now) {
        if (!request.waitsForQuietHours()) {
            return Optional.empty();
        }
        return heldUntil(due, request.recipientTimeZones()).map(until -> noSoonerThan(until, now));
    }

    /**
     * A held message's time, at least a minute after {@code now}: a schedule for sooner could fire late or be missed
     * (the same lead a {@code sendAt} needs).
     */
    public static Instant noSoonerThan(Instant heldUntil, Instant now) {
        var earliest = now.plus(Duration.ofMinutes(1));
        return heldUntil.isBefore(earliest) ? earliest : heldUntil;
    }

    /** The end of the quiet hours {@code at} falls in, in its own zone (so across a daylight-saving change too). */
    private Instant endAfter(ZonedDateTime at) {
        var today = at.with(end);
        return (today.isAfter(at) ? today : today.plusDays(1).with(end)).toInstant();
    }
}
