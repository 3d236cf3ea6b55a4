package dev.kotae.batches.entity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

/**
 * What Kotae keeps about one batch as a whole (never the bodies: those travel only on the queue).
 *
 * @param size        how many entries the caller listed
 * @param parts       message parts the valid entries cost
 * @param fingerprint the request's, which a retry with the same idempotency key must match
 * @param sendAt      when the entries join the queue, for a batch sent later
 */
public record Batch(String batchId, String caller, BatchStatus status, Instant createdAt, Instant updatedAt,
                    int size, int parts, List<RejectedEntry> rejected, String fingerprint, Optional<Instant> sendAt) {

    public Batch {
        rejected = List.copyOf(rejected);
    }

    public static Batch accepting(String batchId, String caller, BatchRequest request, Instant at) {
        return accepting(batchId, caller, request, request.fingerprint(), at);
    }

    /**
     * As {@link #accepting(String, String, BatchRequest, Instant)}, fingerprinted as the caller sent it: entries
     * refused for what the table says now (a recipient's consent) must not make a retry of the same request look
     * like another.
     */
    public static Batch accepting(String batchId, String caller, BatchRequest request, String fingerprint, Instant at) {
        return new Batch(batchId, caller, BatchStatus.ACCEPTING, at, at, request.size(), request.parts(),
                request.rejected(), fingerprint, request.sendAt());
    }

    /** How many entries were queued. */
    public int accepted() {
        return size - rejected.size();
    }

    /** The indexes of the entries that were queued, in the caller's order. */
    public List<Integer> acceptedIndexes() {
        var refused = rejected.stream().map(RejectedEntry::index).collect(Collectors.toSet());
        return IntStream.range(0, size).filter(index -> !refused.contains(index)).boxed().toList();
    }

    public Batch withStatus(BatchStatus next, Instant at) {
        return new Batch(batchId, caller, next, createdAt, at, size, parts, rejected, fingerprint, sendAt);
    }

    /** Where the batch stands once every entry is held: on the queue, or in its schedules until {@code sendAt}. */
    public BatchStatus held() {
        return sendAt.isPresent() ? BatchStatus.SCHEDULED : BatchStatus.QUEUED;
    }
}
