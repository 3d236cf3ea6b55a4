package dev.kotae.batches.entity;

import dev.kotae.messages.entity.DeliveryStatus;
import dev.kotae.messages.entity.MessageRecord;
import dev.kotae.messages.entity.MessageStatus;
import dev.kotae.messages.entity.MessageView;
import dev.kotae.shared.entity.ErrorCode;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code GET /batches/{batchId}} shows: the batch, its entries counted by state and by delivery,
 * the entries that were not sent, and when the last one is expected to leave (or left).
 *
 * @param lastSendExpectedAt while entries wait: now (or the batch's {@code sendAt}) plus their parts at
 *                           the batch's pace, as if the batch had the number to itself
 * @param lastSentAt         once none wait: when the last entry was handed over
 */
public record BatchProgress(Batch batch, Map<EntryState, Integer> states, int delivered, int deliveryFailed,
                            Map<ErrorCode, Integer> failedByCode, List<Failure> failures,
                            Optional<Instant> lastSendExpectedAt, Optional<Instant> lastSentAt) {

    /** An entry that was not sent (or may not have been), with why. */
    public record Failure(int index, String messageId, EntryState state, String to, MessageRecord.Failure error) {
    }

    /**
     * @param entries        the records of the batch's queued entries that have one, by index; an
     *                       entry without one has not reached the sender yet
     * @param partsPerSecond the sender's pace
     */
    public static BatchProgress of(Batch batch, Map<Integer, MessageView> entries, Instant now, int partsPerSecond) {
        var states = new EnumMap<EntryState, Integer>(EntryState.class);
        for (var state : EntryState.values()) {
            states.put(state, 0);
        }
        var byCode = new TreeMap<ErrorCode, Integer>();
        var failures = new ArrayList<Failure>();
        int delivered = 0;
        int deliveryFailed = 0;
        int partsDone = 0;
        Optional<Instant> lastSent = Optional.empty();
        for (var index : batch.acceptedIndexes()) {
            var view = Optional.ofNullable(entries.get(index));
            var record = view.map(found -> found.message().asSeenAt(now));
            var state = record.map(BatchProgress::stateOf).orElse(waiting(batch, now));
            if (state == EntryState.QUEUED && batch.status() == BatchStatus.CANCELED) {
                state = EntryState.CANCELED;
            }
            states.merge(state, 1, Integer::sum);
            if (record.isEmpty()) {
                continue;
            }
            var message = record.get();
            if (state != EntryState.QUEUED && state != EntryState.CANCELED) {
                partsDone += message.segments();
            }
            if (state == EntryState.SENT || state == EntryState.DRY_RUN) {
                lastSent = lastSent.filter(at -> at.isAfter(message.updatedAt())).or(() -> Optional.of(message.updatedAt()));
                var delivery = view.get().delivery().current().flatMap(step -> step.status());
                if (delivery.filter(status -> status == DeliveryStatus.DELIVERED).isPresent()) {
                    delivered++;
                } else if (delivery.filter(status -> status == DeliveryStatus.FAILED).isPresent()) {
                    deliveryFailed++;
                }
            }
            // A throttle's reason on an entry still waiting (or canceled while it waited) is no failure.
            if (message.failure().isPresent() && state != EntryState.QUEUED && state != EntryState.CANCELED) {
                byCode.merge(message.failure().get().code(), 1, Integer::sum);
                failures.add(new Failure(index, message.messageId(), state, message.to(), message.failure().get()));
            }
        }
        var waiting = states.get(EntryState.SCHEDULED) + states.get(EntryState.QUEUED) + states.get(EntryState.SENDING);
        var remainingParts = Math.max(0, batch.parts() - partsDone);
        var leaving = batch.sendAt().filter(at -> at.isAfter(now)).orElse(now);
        var expected = waiting == 0 ? Optional.<Instant>empty()
                : Optional.of(leaving.plus(Duration.ofMillis(remainingParts * 1000L / partsPerSecond)));
        return new BatchProgress(batch, states, delivered, deliveryFailed, byCode, failures, expected,
                waiting == 0 ? lastSent : Optional.empty());
    }

    /** An entry without a record: not at the sender yet, for one of three reasons. */
    private static EntryState waiting(Batch batch, Instant now) {
        if (batch.status() == BatchStatus.CANCELED) {
            return EntryState.CANCELED;
        }
        return batch.sendAt().filter(at -> at.isAfter(now)).isPresent() ? EntryState.SCHEDULED : EntryState.QUEUED;
    }

    private static EntryState stateOf(MessageRecord message) {
        return switch (message.status()) {
            case QUEUED -> EntryState.QUEUED;
            case ACCEPTED -> EntryState.SENDING;
            case SENT -> EntryState.SENT;
            case DRY_RUN -> EntryState.DRY_RUN;
            case CANCELED -> EntryState.CANCELED;
            case UNKNOWN -> EntryState.UNKNOWN;
            case FAILED -> message.failure().filter(why -> why.code() == ErrorCode.RECIPIENT_OPTED_OUT).isPresent()
                    ? EntryState.OPTED_OUT : EntryState.FAILED;
            case SCHEDULED -> throw new IllegalStateException("a batch entry is never scheduled: " + message.messageId());
        };
    }
}
