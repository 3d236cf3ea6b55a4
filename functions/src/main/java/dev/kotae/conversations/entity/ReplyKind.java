package dev.kotae.conversations.entity;

/** Every automatic answer Kotae sends; each has an English and a Japanese text. */
public enum ReplyKind {
    OPTED_OUT,
    OPTED_IN,
    HELP,
    CONFIRMED,
    NOTHING_TO_CONFIRM,
    HINT
}
