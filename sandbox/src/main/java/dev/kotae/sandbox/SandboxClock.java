package dev.kotae.sandbox;

import dev.kotae.standins.KeptState;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The sandbox's time: the machine's, moved forward on request ({@code POST /sandbox/clock}, through
 * {@link TimePassage}), so that what takes days on AWS (a reminder a week away, a conversation expiring,
 * an idempotency window closing) can be seen in seconds. Every handler, the SMS simulator and the local
 * topics read it; it never goes back.
 */
final class SandboxClock extends Clock {

    private final AtomicReference<Duration> ahead = new AtomicReference<>(Duration.ZERO);
    private final KeptState<Kept> kept;

    /** In memory: the machine's time until moved. */
    SandboxClock() {
        this(Optional.empty());
    }

    /**
     * Keeping how far it was moved in {@code dataDirectory} when given, and starting there: a restart never
     * takes the sandbox's time back.
     */
    SandboxClock(Optional<Path> dataDirectory) {
        kept = KeptState.in(dataDirectory, "clock", Kept.class);
        kept.read().ifPresent(state -> ahead.set(Duration.parse(state.ahead())));
    }

    /** What a data directory keeps: how far ahead of the machine's the sandbox's time is. */
    record Kept(String ahead) {
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(ahead.get());
    }

    /** Moves time forward to {@code at}; a time already passed leaves it where it is. */
    void moveTo(Instant at) {
        moveAhead(Duration.between(Instant.now(), at));
    }

    /** Moves time forward until it is {@code distance} ahead of the machine's; never back. */
    synchronized void moveAhead(Duration distance) {
        var moved = ahead.accumulateAndGet(distance, (current, wanted) -> wanted.compareTo(current) > 0 ? wanted : current);
        kept.write(new Kept(moved.toString()));
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
