package dev.kotae.conversations.control;

import dev.kotae.conversations.entity.Decision;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.conversations.entity.RecipientSnapshot;
import dev.kotae.messages.entity.MessageRecord;

import java.time.Instant;
import java.util.Optional;

/** One number's opt-out state and conversations, as the inbound path reads and changes them. */
public interface ConversationStore {

    /** The number's state, and how this inbound message was handled if it was before. */
    RecipientSnapshot load(String phoneNumber, String inboundMessageId);

    /** The number's state and conversations, for reading only. */
    RecipientSnapshot read(String phoneNumber);

    /**
     * Applies {@code decision} and records it under the message's id, with the record of its
     * answer, all or nothing, provided nothing changed since {@code basis} was loaded (and, for an
     * answer that opted-out numbers must not get, the number is still opted in). The decision's
     * events go out from the committed record ({@link EventRelay}).
     */
    Commit commit(InboundMessage message, Decision decision, Optional<MessageRecord> reply, RecipientSnapshot basis,
                  Instant now);

    /** The decision's answer was not sent and may be: a redelivery sends it. */
    void markReplyForRetry(InboundMessage message);

    /** A redelivery sent the answer after all: its record, and the marker, say so. */
    void recordReplySent(InboundMessage message, MessageRecord sent);

    enum Commit {
        COMMITTED,
        /** Another delivery of the same message committed first. */
        ALREADY_HANDLED,
        /** The number's state changed since it was loaded: decide again. */
        CONFLICT
    }
}
