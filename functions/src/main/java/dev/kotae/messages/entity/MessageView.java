package dev.kotae.messages.entity;

/** What {@code GET /messages/{id}} shows: the audit record and its delivery. */
public record MessageView(MessageRecord message, DeliveryReport delivery) {
}
