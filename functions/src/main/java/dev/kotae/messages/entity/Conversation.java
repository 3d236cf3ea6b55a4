package dev.kotae.messages.entity;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** A sent message waiting for the recipient's keyword reply until {@code expiresAt}. */
public record Conversation(
        String conversationId,
        String phoneNumber,
        String messageId,
        List<String> keywords,
        Optional<String> reference,
        Instant createdAt,
        Instant expiresAt) {

    public Conversation {
        keywords = List.copyOf(keywords);
    }
}
