package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.RecipientSnapshot;

import java.time.Instant;

/** One number's opt-out state and conversations, as the inbound path reads and changes them. */
public interface ConversationStore {

    /** The number's state, and how this inbound message was handled if it was before. */
    RecipientSnapshot load(String phoneNumber, String inboundMessageId);

    /** The number's state and conversations, for reading only. */
    RecipientSnapshot read(String phoneNumber);

    /**
     * Applies {@code decision} and records it under the message's id, all or nothing, provided
     * nothing changed since {@code basis} was loaded.
     */
    Commit commit(InboundMessage message, Decision decision, RecipientSnapshot basis, Instant now);

    /** The decision's reply and events went out: a redelivery does nothing more. */
    void markSettled(InboundMessage message);

    enum Commit {
        COMMITTED,
        /** Another delivery of the same message committed first. */
        ALREADY_HANDLED,
        /** The number's state changed since it was loaded: decide again. */
        CONFLICT
    }
}
