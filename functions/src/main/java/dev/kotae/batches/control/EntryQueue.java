package dev.kotae.batches.control;

import dev.kotae.shared.entity.KotaeException;

import java.time.Duration;
import java.util.List;

/** The batch queue: where valid entries wait for the sender, holding their bodies (encrypted) until then. */
public interface EntryQueue {

    /**
     * Puts every entry on the queue, or throws having put some: a second call with the same entries is
     * harmless, since each entry's message id is derived and the sender sends it once.
     *
     * @throws KotaeException {@code UPSTREAM_UNAVAILABLE} when the queue did not take them all
     */
    void enqueue(List<QueuedEntry> entries);

    /** Puts one entry back, visible again after {@code delay}: its turn comes again, never twice. */
    void requeue(QueuedEntry entry, Duration delay);
}
