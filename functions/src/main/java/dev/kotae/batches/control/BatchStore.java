package dev.kotae.batches.control;

import dev.kotae.batches.entity.Batch;
import dev.kotae.batches.entity.BatchStatus;
import dev.kotae.messages.control.QuotaUse;
import dev.kotae.messages.entity.MessageView;

import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/** Batches as the batch API keeps them; each entry's own record is the message store's. */
public interface BatchStore {

    /** Records {@code batch} and counts its entries against its caller's day ({@code quota}), both or neither. */
    Creation create(Batch batch, Optional<QuotaUse> quota);

    sealed interface Creation {
        record Created() implements Creation {
        }

        /** A batch with this id exists (the same idempotency key was used before): nothing was written. */
        record Exists(Batch existing) implements Creation {
        }

        /** The caller's day has no room for the entries: nothing was written. */
        record CallerQuotaExceeded() implements Creation {
        }
    }

    /**
     * Every entry is on the queue, or in its schedule: ACCEPTING becomes {@code held} (QUEUED or
     * SCHEDULED); a canceled batch stays canceled.
     *
     * @return false when the batch was canceled meanwhile
     */
    boolean markHeld(String batchId, BatchStatus held, Instant at);

    /** The batch is CANCELED from now on; false when it already was. */
    boolean cancel(String batchId, Instant at);

    Optional<Batch> find(String batchId);

    /** The records (and deliveries) of the batch's queued entries that have one, by index. */
    Map<Integer, MessageView> entries(Batch batch);
}
