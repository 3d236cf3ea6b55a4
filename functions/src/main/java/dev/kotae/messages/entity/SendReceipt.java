package dev.kotae.messages.entity;

import java.util.Optional;

/** What the caller learns from an accepted send; replayed as-is for a repeated idempotency key. */
public record SendReceipt(
        String messageId,
        String to,
        MessageStatus status,
        SmsEncoding encoding,
        int segments,
        Optional<Conversation> conversation) {
}
