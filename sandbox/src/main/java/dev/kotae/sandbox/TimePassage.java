package dev.kotae.sandbox;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Time passing in the sandbox, as it passes on AWS: an advance of the clock ({@code POST /sandbox/clock})
 * moves through every due event in order. Each schedule (a scheduled send, a batch booked for later, a
 * retry of either) fires with the clock at its own time, and what it sets going (the send, its delivery
 * events, the conversation it opens, a batch's entries going out at the number's pace) is done before the
 * clock moves on, to the next due time or the end of the advance. Conversations and idempotency windows,
 * which Kotae judges by the clock when it reads them, expire at their own times on the way. Nobody answers
 * during an advance: it is "let this much time pass".
 *
 * <p>The ticker that fires what becomes due as the machine's time passes takes the same lock, so nothing
 * fires twice or out of turn. When what a firing set going is still under way after {@link #settleLimit}
 * (a batch of thousands at the number's pace, say), the advance stops there, at that due time, and says
 * what is still going: moving on would make it late, which AWS would not.
 */
final class TimePassage {

    /** What time brings, and what it sets going. */
    interface Work {

        /** When something is next due: a schedule's firing or retry, an invocation's run or retry. */
        Optional<Instant> nextDueAt();

        /** Fires what is due by {@code now}; the names of the schedules that fired (each a message's id). */
        List<String> runDue(Instant now);

        /**
         * Waits up to {@code limit} for what the firings set going to be done.
         *
         * @return what is still under way then, in words; empty once everything is done
         */
        Optional<String> settle(Duration limit) throws InterruptedException;
    }

    /** What the passage did, as the clock's answer reports it. */
    interface Outcomes {

        /** How many messages End User Messaging has accepted so far. */
        int accepted();

        /** Of these messages, how many Kotae holds failed at {@code at}. */
        int failed(List<String> messageIds, Instant at);

        /** How many conversations were open and reached their expiry in {@code (from, to]}. */
        int conversationsExpired(Instant from, Instant to);
    }

    /**
     * @param to             where it was asked to end
     * @param now            where it ended: {@code to} (and the moments the work on the way took), or the due
     *                       time it stopped at
     * @param schedulesFired firings on the way, a retry counting again
     * @param messagesSent   messages End User Messaging accepted on the way
     * @param messagesFailed messages whose schedule fired on the way and that Kotae holds failed at the end
     * @param stillUnderWay  what kept the advance from going on, when it stopped early
     */
    record Passage(Instant to, Instant now, Duration ahead, int schedulesFired, int messagesSent,
                   int messagesFailed, int conversationsExpired, Optional<String> stillUnderWay) {

        boolean reached() {
            return stillUnderWay.isEmpty();
        }
    }

    /** How long an advance waits for what one due time set going, before it stops there. */
    static final Duration SETTLE_LIMIT = Duration.ofSeconds(30);

    private final SandboxClock clock;
    private final Work work;
    private final Outcomes outcomes;
    private final Duration settleLimit;

    TimePassage(SandboxClock clock, Work work, Outcomes outcomes) {
        this(clock, work, outcomes, SETTLE_LIMIT);
    }

    TimePassage(SandboxClock clock, Work work, Outcomes outcomes, Duration settleLimit) {
        this.clock = clock;
        this.work = work;
        this.outcomes = outcomes;
        this.settleLimit = settleLimit;
    }

    /** The ticker's turn: fires what the machine's time has made due. */
    synchronized void runDue() {
        work.runDue(clock.instant());
    }

    /**
     * Lets {@code duration} pass, through every due event on the way.
     *
     * @throws ControlError when {@code duration} is not positive: the sandbox's time never goes back
     */
    synchronized Passage advance(Duration duration) throws InterruptedException {
        if (duration.isNegative() || duration.isZero()) {
            throw new ControlError(400, "INVALID_CLOCK", "'advance' must be a positive ISO 8601 duration, such as"
                    + " \"P7D\"; the sandbox's time never goes back.");
        }
        var from = clock.instant();
        var aheadAtEnd = clock.ahead().plus(duration);
        var to = from.plus(duration);
        var acceptedBefore = outcomes.accepted();
        var fired = new ArrayList<String>();
        var stillUnderWay = settledAfter(work.runDue(from), fired);
        for (var due = work.nextDueAt(); stillUnderWay.isEmpty() && due.isPresent() && !due.get().isAfter(to);
             due = work.nextDueAt()) {
            clock.moveTo(due.get());
            var firedNow = work.runDue(clock.instant());
            var after = work.nextDueAt();
            if (after.isPresent() && !after.get().isAfter(due.get())) {
                throw new IllegalStateException("Firing what was due at " + due.get() + " left it due: time cannot pass it");
            }
            stillUnderWay = settledAfter(firedNow, fired);
        }
        if (stillUnderWay.isEmpty()) {
            clock.moveAhead(aheadAtEnd);
        }
        var now = clock.instant();
        return new Passage(to, now, clock.ahead(), fired.size(), outcomes.accepted() - acceptedBefore,
                outcomes.failed(fired, now), outcomes.conversationsExpired(from, now), stillUnderWay);
    }

    private Optional<String> settledAfter(List<String> firedNow, List<String> fired) throws InterruptedException {
        fired.addAll(firedNow);
        return work.settle(settleLimit);
    }
}
