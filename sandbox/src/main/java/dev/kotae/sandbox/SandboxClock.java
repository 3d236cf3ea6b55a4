package dev.kotae.sandbox;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's time: the machine's, moved forward on request ({@code POST /sandbox/clock}), so that
 * what takes days on AWS (a conversation expiring, an idempotency window closing) can be seen in
 * seconds. Every handler, the SMS simulator and the local topics read it; it never goes back.
 */
final class SandboxClock extends Clock {

    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead.get());
    }

    /** Moves time forward by {@code duration}; returns the new time. */
    Instant advance(Duration duration) {
        if (duration.isNegative() || duration.isZero()) {
            throw new ControlError(400, "INVALID_CLOCK", "'advance' must be a positive ISO 8601 duration, such as"
                    + " \"P6DT23H\"; the sandbox's time never goes back.");
        }
        ahead.accumulateAndGet(duration, Duration::plus);
        return instant();
    }

    /** How far the sandbox's time is ahead of the machine's. */
    Duration ahead() {
        return ahead.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the sandbox keeps UTC");
    }
}
