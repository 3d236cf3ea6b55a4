package dev.kotae.conversations.entity;

/** Stored states; EXPIRED is decided on read from {@code expiresAt}, since DynamoDB's TTL sweep is late. */
public enum ConversationState {
    OPEN,
    CONFIRMED,
    CLOSED,
    EXPIRED
}
