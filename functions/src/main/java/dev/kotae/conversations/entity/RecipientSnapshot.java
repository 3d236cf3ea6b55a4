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

    /**
     * An inbound message's decision as committed.
     *
     * @param decidedAt when it was committed, with its answer's record
     */
    public record Handled(Decision decision, ReplyState replyState, Instant decidedAt) {
    }

    /** How far a committed decision's answer got, as far as anything was written after the commit. */
    public enum ReplyState {
        /** The decision has no answer. */
        NONE,
        /**
         * Recorded and then sent, or stopped on the way: nothing is written after a successful send,
         * so a redelivery cannot tell, and does not send again.
         */
        PENDING,
        /** The send failed before End User Messaging took it: a redelivery sends it. */
        RETRY,
        /** Sent by a redelivery after a failed first attempt. */
        SENT
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
