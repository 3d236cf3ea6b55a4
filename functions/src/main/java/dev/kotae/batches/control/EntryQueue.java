package dev.kotae.batches.control;

import dev.kotae.shared.entity.KotaeException;

import java.time.Duration;
import java.util.List;

/** The batch queue: where valid entries wait for the sender, holding their bodies (encrypted) until then. */
public interface EntryQueue {

    /** The longest an entry may wait to be visible again: SQS's longest message delay (Amazon SQS API Reference, SendMessage: DelaySeconds). */
    Duration LONGEST_DELAY = Duration.ofSeconds(900);

    /**
     * Puts every entry on the queue, or throws having put some: a second call with the same entries is
     * harmless, since each entry's message id is derived and the sender sends it once.
     *
     * @throws KotaeException {@code UPSTREAM_UNAVAILABLE} when the queue did not take them all
     */
    void enqueue(List<QueuedEntry> entries);

    /** Puts one entry back, visible again after {@code delay} (at most {@link #LONGEST_DELAY}): its turn comes again, never twice. */
    void requeue(QueuedEntry entry, Duration delay);
}
