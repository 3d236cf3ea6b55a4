package dev.kotae.batches.entity;

/** Where a batch stands as a whole; each entry has its own message record. */
public enum BatchStatus {
    /** Recorded; its entries are being put on the queue. */
    ACCEPTING,
    /** Every valid entry is on the queue; the sender works through them at the number's pace. */
    QUEUED,
    /**
     * Every valid entry waits in its own EventBridge Scheduler schedule, which puts it on the queue at
     * the batch's {@code sendAt}.
     */
    SCHEDULED,
    /** Stopped by {@code DELETE /batches/{batchId}}: entries not sent by then never will be. */
    CANCELED
}
