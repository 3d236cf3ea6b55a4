package dev.kotae.conversations.entity;

/** The keyword a message was read as, and the language to answer in. */
public record KeywordMatch(KeywordAction action, String keyword, Language language) {
}
