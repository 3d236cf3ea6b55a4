package dev.kotae.conversations.entity;

import dev.kotae.messages.entity.Conversation;

import java.time.Instant;
import java.util.Optional;

/**
 * A conversation as stored, with what its replies did to it.
 *
 * @param providerMessageId End User Messaging's id of the message that opened it (inbound
 *                          {@code previousPublishedMessageId} points at it)
 * @param hintSent          whether the one "reply CONFIRM or STOP" hint has gone out
 */
public record StoredConversation(
        Conversation conversation,
        ConversationState storedState,
        Optional<String> providerMessageId,
        boolean hintSent,
        Optional<Instant> answeredAt,
        Optional<String> answeredWith,
        Optional<Instant> lastTextAt) {

    public ConversationState stateAt(Instant now) {
        return storedState == ConversationState.OPEN && !conversation.expiresAt().isAfter(now)
                ? ConversationState.EXPIRED
                : storedState;
    }

    public boolean isOpenAt(Instant now) {
        return stateAt(now) == ConversationState.OPEN;
    }

    public String conversationId() {
        return conversation.conversationId();
    }
}
