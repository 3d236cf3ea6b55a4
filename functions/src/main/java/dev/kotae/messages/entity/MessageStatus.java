package dev.kotae.messages.entity;

/** Where a message stands in Kotae; delivery receipts refine SENT later. */
public enum MessageStatus {
    /** Held until its {@code sendAt}; an EventBridge Scheduler schedule will send it. */
    SCHEDULED,
    /** A batch entry waiting on the batch queue for its turn (again, after End User Messaging throttled it). */
    QUEUED,
    /** A scheduled message canceled before it was due: nothing was or will be sent. */
    CANCELED,
    /** Recorded, not yet handed to End User Messaging (or the hand-over's outcome is not recorded). */
    ACCEPTED,
    /** End User Messaging accepted it for delivery. */
    SENT,
    /** End User Messaging validated it without sending. */
    DRY_RUN,
    /** End User Messaging refused it, or could not be reached: nothing was sent. */
    FAILED,
    /** End User Messaging failed while handling it (5xx, time-out): it may or may not have been sent. */
    UNKNOWN
}
