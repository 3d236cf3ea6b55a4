package dev.kotae.conversations.entity;

/** Every automatic answer Kotae sends; each has an English and a Japanese text. */
public enum ReplyKind {
    OPTED_OUT,
    OPTED_IN,
    HELP,
    CONFIRMED,
    NOTHING_TO_CONFIRM,
    HINT,
    /** The answer to JOIN: what the person will receive, from whom, how to confirm and how to stop. */
    CONSENT_REQUEST,
    /** The answer to the YES that confirms it. */
    CONSENT_GRANTED
}
