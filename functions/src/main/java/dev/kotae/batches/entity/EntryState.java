package dev.kotae.batches.entity;

/** Where one entry of a batch stands, as {@code GET /batches/{batchId}} counts it. */
public enum EntryState {
    /** Held by its schedule until the batch's {@code sendAt}. */
    SCHEDULED,
    /** On the queue (again, after End User Messaging throttled it): not sent yet. */
    QUEUED,
    /** Taken by the sender; its hand-over to End User Messaging is under way. */
    SENDING,
    /** End User Messaging accepted it; its delivery events count it again as delivered or not. */
    SENT,
    /** Validated by End User Messaging without sending ({@code dryRun}). */
    DRY_RUN,
    /** Not sent, for its error's reason. */
    FAILED,
    /** Not sent: the recipient opted out (before the batch, or while it ran). */
    OPTED_OUT,
    /** Not sent: the batch was canceled first. */
    CANCELED,
    /** End User Messaging failed while handling it: it may or may not have been sent, and is never sent again. */
    UNKNOWN
}
