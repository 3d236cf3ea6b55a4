package dev.kotae.messages.entity;

import dev.kotae.shared.entity.ErrorCode;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * What Kotae keeps about one message: enough to audit who sent what to whom and when, never the
 * body itself (it may be a password); its length and cost in segments stand in for it.
 */
public record MessageRecord(
        String messageId,
        String to,
        MessageType type,
        MessageStatus status,
        SmsEncoding encoding,
        int segments,
        int bodyLength,
        boolean dryRun,
        String caller,
        Instant createdAt,
        Instant updatedAt,
        Optional<String> providerMessageId,
        Optional<Failure> failure,
        Optional<Conversation> conversation) {

    /** A message just recorded, before End User Messaging sees it. */
    public static MessageRecord accepted(String messageId, SendRequest request, String caller, Instant at) {
        return new MessageRecord(messageId, request.to(), request.type(), MessageStatus.ACCEPTED, request.encoding(),
                request.segments(), request.body().length(), request.dryRun(), caller, at, at,
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public MessageRecord handedOver(String providerId, Instant at, Optional<Conversation> opened) {
        var handedOverStatus = dryRun ? MessageStatus.DRY_RUN : MessageStatus.SENT;
        return new MessageRecord(messageId, to, type, handedOverStatus, encoding, segments, bodyLength, dryRun, caller,
                createdAt, at, Optional.of(providerId), Optional.empty(), opened);
    }

    public MessageRecord refused(MessageStatus refusedStatus, Failure why, Instant at) {
        return new MessageRecord(messageId, to, type, refusedStatus, encoding, segments, bodyLength, dryRun, caller,
                createdAt, at, Optional.empty(), Optional.of(why), Optional.empty());
    }

    /**
     * Longer than any attempt can run: the send function stops at 15 s (its Lambda timeout, set by the
     * stack's MessagesApi), so a message still ACCEPTED after this lost its attempt before the outcome was
     * recorded (killed at its timeout, out of memory, the runtime restarted).
     */
    public static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);
    /** Who automatic answers are recorded as sent by: Kotae itself, answering an inbound message. */
    public static final String INBOUND_CALLER = "kotae:inbound";

    /**
     * The message as a caller should see it at {@code now}: an API send whose attempt died before
     * recording whether End User Messaging took it reads UNKNOWN, as a hand-over that failed that way
     * does. Automatic answers are never rewritten after their send (their delivery events complete
     * them, and a throttled one waits for its redelivery), so ACCEPTED says nothing about them.
     */
    public MessageRecord asSeenAt(Instant now) {
        if (status != MessageStatus.ACCEPTED || providerMessageId.isPresent() || caller.equals(INBOUND_CALLER)
                || !isAbandoned(createdAt, now)) {
            return this;
        }
        return new MessageRecord(messageId, to, type, MessageStatus.UNKNOWN, encoding, segments, bodyLength, dryRun,
                caller, createdAt, updatedAt, providerMessageId, Optional.of(abandoned(messageId)), conversation);
    }

    public static boolean isAbandoned(Instant attemptStartedAt, Instant now) {
        return attemptStartedAt.plus(ABANDONED_AFTER).isBefore(now);
    }

    /** What a caller is told of an attempt that died: it may or may not have been sent. */
    public static Failure abandoned(String messageId) {
        return new Failure(ErrorCode.UPSTREAM_UNAVAILABLE, "The attempt that recorded message " + messageId
                + " stopped before recording whether End User Messaging took it: it may or may not have been sent."
                + " Check GET /messages/" + messageId + " and the recipient before sending it again.");
    }

    /** Why End User Messaging did not take the message. */
    public record Failure(ErrorCode code, String message) {
    }
}
