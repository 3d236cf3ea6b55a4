package dev.kotae.conversations.entity;

/** What a keyword asks for, in precedence order: an opt-out outranks everything. */
public enum KeywordAction {
    STOP,
    START,
    HELP,
    /** Asks for marketing messages: answered with a confirmation request (double opt-in). */
    JOIN,
    CONFIRM
}
