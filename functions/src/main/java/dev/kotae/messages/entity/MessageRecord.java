package dev.kotae.messages.entity;

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

    /** Why End User Messaging did not take the message. */
    public record Failure(ErrorCode code, String message) {
    }
}
