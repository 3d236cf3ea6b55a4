package dev.kotae.conversations.entity;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Everything Kotae knows about one number, read at once: its opt-out state, its conversations
 * (newest first), and, when this inbound message was handled before, how.
 */
public record RecipientSnapshot(
        RecipientState recipient,
        List<StoredConversation> conversations,
        Optional<Handled> earlier) {

    /** An inbound message's decision as committed; {@code settled} once its reply and events went out. */
    public record Handled(Decision decision, boolean settled) {
    }

    public RecipientSnapshot {
        conversations = conversations.stream()
                .sorted(Comparator.comparing((StoredConversation c) -> c.conversation().createdAt()).reversed())
                .toList();
    }

    public List<StoredConversation> openAt(Instant now) {
        return conversations.stream().filter(c -> c.isOpenAt(now)).toList();
    }
}
