package dev.kotae.batches.control;

import dev.kotae.batches.entity.BatchStatus;
import dev.kotae.messages.control.EntrySends;
import dev.kotae.messages.control.MessageScheduler;
import dev.kotae.messages.control.SmsGateway;
import dev.kotae.messages.control.SmsRefusedException;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.QuietHours;
import dev.kotae.messages.entity.SendRequest;
import dev.kotae.shared.entity.ErrorCode;
import dev.kotae.shared.entity.KotaeException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Sends batch entries as the batch queue delivers them, at the number's pace: each group of entries
 * first reserves its time from the {@link Pace} every sender shares, then goes out part by part
 * within it. A throttle pauses every sender and puts the entry back on the queue, never failing it;
 * each entry is sent once however often it is delivered ({@link EntrySends#sendEntry}). An entry that would go out in
 * its recipient's night (a paced batch still running at 21:00, or a backlog) waits in a schedule of its own until
 * the night ends there, and joins the queue again then.
 */
public final class BatchSender {

    /** One reservation covers at most this long (or one entry): a sender never holds the number for long. */
    static final Duration GROUP_LENGTH = Duration.ofSeconds(5);
    /** How long a sender waits for the number before putting its entries back on the queue for later. */
    static final Duration BOOKED_HORIZON = Duration.ofSeconds(20);
    /** After a throttle every sender pauses this long: End User Messaging asks for less. */
    static final Duration PAUSE_AFTER_THROTTLE = Duration.ofSeconds(1);
    /** The turn on which End User Messaging unreachable fails the entry (a throttle never does; turns count both). */
    static final int UNREACHABLE_ATTEMPTS = 10;
    /**
     * What one hand-over may take: the SMS gateway's longest call. An entry is taken only when this much of
     * the invocation is left, so no invocation ends (killed at its timeout) between taking an entry and
     * recording its outcome, which would leave it reading UNKNOWN.
     */
    static final Duration HAND_OVER = SmsGateway.LONGEST_CALL;

    private static final Logger LOG = LoggerFactory.getLogger(BatchSender.class);

    private final EntrySends entries;
    private final BatchStore batches;
    private final EntryQueue queue;
    private final Pace pace;
    private final QuietHours quietHours;
    private final MessageScheduler schedules;
    private final Clock clock;

    /**
     * @param quietHours the recipients' night, checked again as each entry goes
     * @param schedules  holds an entry that reaches its turn in the night until the night ends, then puts it on the
     *                   batch queue
     */
    public BatchSender(EntrySends entries, BatchStore batches, EntryQueue queue, Pace pace, QuietHours quietHours,
                       MessageScheduler schedules, Clock clock) {
        this.entries = entries;
        this.batches = batches;
        this.queue = queue;
        this.pace = pace;
        this.quietHours = quietHours;
        this.schedules = schedules;
        this.clock = clock;
    }

    /** One entry as delivered by the queue: {@code receiptId} names the delivery, for a retry by the queue. */
    public record Turn(String receiptId, QueuedEntry entry) {
        int parts() {
            return entry.request().segments();
        }
    }

    /**
     * Sends {@code turns} in order at the pace, stopping in time for {@code deadline} (the invocation's
     * end): what is left goes back on the queue.
     *
     * @return the receipt ids the queue must deliver again (their entry could not be put back, or the table failed)
     */
    public List<String> send(List<Turn> turns, Instant deadline) {
        var retry = new ArrayList<String>();
        // Entries already in their recipient's night take none of the number's time: they wait for the morning.
        var live = inTheDaytime(withoutCanceledBatches(turns, retry), retry);
        var next = 0;
        while (next < live.size()) {
            var end = next + 1;
            var parts = live.get(next).parts();
            while (end < live.size() && lengthOf(parts + live.get(end).parts()).compareTo(GROUP_LENGTH) <= 0) {
                parts += live.get(end).parts();
                end++;
            }
            var now = clock.instant();
            // Only a time that ends before the invocation does: what cannot fit goes back on the queue.
            var latestStart = Duration.between(now, deadline).minus(lengthOf(parts)).minus(HAND_OVER);
            if (latestStart.isNegative()) {
                putBack(live.subList(next, live.size()), Duration.ZERO, retry);
                break;
            }
            var within = latestStart.compareTo(BOOKED_HORIZON) < 0 ? latestStart : BOOKED_HORIZON;
            var start = pace.reserve(parts, now, within);
            if (start.isEmpty()) {
                putBack(live.subList(next, live.size()), within, retry);
                break;
            }
            var at = start.get();
            for (; next < end; next++) {
                var turn = live.get(next);
                waitUntil(at);
                if (clock.instant().plus(HAND_OVER).isAfter(deadline)) {
                    // Behind the reserved time (slow calls): what is left goes back rather than risk the timeout.
                    putBack(live.subList(next, live.size()), Duration.ZERO, retry);
                    return retry;
                }
                send(turn, retry);
                at = at.plus(lengthOf(turn.parts()));
            }
        }
        return retry;
    }

    /**
     * An entry whose request is no longer allowed (its country, say, since it was queued): FAILED
     * with why, and never sent.
     */
    public void refuse(String messageId, String caller, SendRequest asQueued, KotaeException why) {
        var waiting = MessageRecord.accepted(messageId, asQueued, caller, clock.instant());
        entries.refuseEntry(waiting, new MessageRecord.Failure(why.code(), why.getMessage()));
    }

    private void send(Turn turn, List<String> retry) {
        var entry = turn.entry();
        if (heldForTheNight(turn, retry)) {
            return;
        }
        try {
            entries.sendEntry(entry.messageId(), entry.batchId(), entry.request(), entry.caller());
        } catch (SmsRefusedException refused) {
            if (refused.code() == ErrorCode.THROTTLED) {
                pace.pauseUntil(clock.instant().plus(PAUSE_AFTER_THROTTLE));
                putBack(List.of(new Turn(turn.receiptId(), entry.again())), PAUSE_AFTER_THROTTLE, retry);
            } else if (entry.attempts() + 1 >= UNREACHABLE_ATTEMPTS) {
                refuse(entry.messageId(), entry.caller(), entry.request(), refused);
            } else {
                putBack(List.of(new Turn(turn.receiptId(), entry.again())), delayAfter(entry.attempts()), retry);
            }
        } catch (KotaeException unavailable) {
            // The table failed: the queue delivers the entry again, and its record says whether it went.
            LOG.warn("Batch entry {} not handled ({}); the queue delivers it again", entry.messageId(),
                    unavailable.code());
            retry.add(turn.receiptId());
        }
    }

    /** {@code turns} but those whose recipient's night it is now, which are held until it ends. */
    private List<Turn> inTheDaytime(List<Turn> turns, List<String> retry) {
        return turns.stream().filter(turn -> !heldForTheNight(turn, retry)).toList();
    }

    /** Whether {@code turn}'s entry waits for its recipient's night to end: then it is held until then. */
    private boolean heldForTheNight(Turn turn, List<String> retry) {
        var now = clock.instant();
        var night = quietHours.holdOf(turn.entry().request(), now, now);
        night.ifPresent(until -> holdForTheNight(turn, until, retry));
        return night.isPresent();
    }

    /**
     * Puts {@code turn}'s entry in a schedule that returns it to the queue at {@code until}
     * ({@link MessageScheduler#nightHold}).
     */
    private void holdForTheNight(Turn turn, Instant until, List<String> retry) {
        var entry = turn.entry();
        try {
            schedules.hold(MessageScheduler.nightHold(entry.messageId(), until), until, entry.write());
            LOG.info("Batch entry {} held for the recipient's quiet hours until {}", entry.messageId(), until);
        } catch (KotaeException notHeld) {
            // Back on the queue as a message of its own, a quarter of an hour on, its night checked again then: a
            // scheduler that keeps refusing never spends the delivery's receives and sends it to the dead letters.
            LOG.warn("Batch entry {} not held for the night ({}); it is tried again in {}", entry.messageId(),
                    notHeld.code(), EntryQueue.LONGEST_DELAY);
            putBack(List.of(turn), EntryQueue.LONGEST_DELAY, retry);
        }
    }

    private void putBack(List<Turn> turns, Duration delay, List<String> retry) {
        for (var turn : turns) {
            try {
                queue.requeue(turn.entry(), delay);
            } catch (RuntimeException e) {
                LOG.warn("Batch entry {} could not be put back on the queue; the queue delivers it again",
                        turn.entry().messageId(), e);
                retry.add(turn.receiptId());
            }
        }
    }

    /**
     * Entries of a batch that was canceled (or is gone) are dropped before they take the number's time;
     * those whose batch could not be read are left to the queue ({@code retry}).
     */
    private List<Turn> withoutCanceledBatches(List<Turn> turns, List<String> retry) {
        var live = new HashMap<String, Boolean>();
        var kept = new ArrayList<Turn>();
        for (var turn : turns) {
            var batchId = turn.entry().batchId();
            Boolean running;
            try {
                running = live.computeIfAbsent(batchId, id -> batches.find(id)
                        .filter(batch -> batch.status() != BatchStatus.CANCELED).isPresent());
            } catch (KotaeException unavailable) {
                retry.add(turn.receiptId());
                continue;
            }
            if (running) {
                kept.add(turn);
            } else {
                LOG.info("Batch entry {} dropped: its batch was canceled", turn.entry().messageId());
            }
        }
        return kept;
    }

    private Duration lengthOf(int parts) {
        return Duration.ofMillis((parts * 1000L + pace.partsPerSecond() - 1) / pace.partsPerSecond());
    }

    /** A second, then doubling: 1, 2, 4 … seconds, up to SQS's longest delay. */
    static Duration delayAfter(int attempts) {
        var seconds = 1L << Math.min(attempts, 10);
        return seconds >= EntryQueue.LONGEST_DELAY.toSeconds() ? EntryQueue.LONGEST_DELAY : Duration.ofSeconds(seconds);
    }

    private void waitUntil(Instant at) {
        var wait = Duration.between(clock.instant(), at);
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        try {
            Thread.sleep(wait.toMillis(), wait.toNanosPart() % 1_000_000);
        } catch (InterruptedException interrupted) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for the number's pace", interrupted);
        }
    }
}
