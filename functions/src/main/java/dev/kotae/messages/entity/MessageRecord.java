package dev.kotae.messages.entity;

import dev.kotae.sms.SmsEncoding;
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
        Optional<Instant> sendAt,
        Optional<String> providerMessageId,
        Optional<Failure> failure,
        Optional<Conversation> conversation) {

    /**
     * A message just recorded: ACCEPTED, before End User Messaging sees it, or SCHEDULED when the
     * request names a {@code sendAt}.
     */
    public static MessageRecord accepted(String messageId, SendRequest request, String caller, Instant at) {
        var status = request.sendAt().isPresent() ? MessageStatus.SCHEDULED : MessageStatus.ACCEPTED;
        return new MessageRecord(messageId, request.to(), request.type(), status, request.encoding(),
                request.segments(), request.body().length(), request.dryRun(), caller, at, at, request.sendAt(),
                Optional.empty(), Optional.empty(), Optional.empty());
    }

    public MessageRecord handedOver(String providerId, Instant at, Optional<Conversation> opened) {
        var handedOverStatus = dryRun ? MessageStatus.DRY_RUN : MessageStatus.SENT;
        return new MessageRecord(messageId, to, type, handedOverStatus, encoding, segments, bodyLength, dryRun, caller,
                createdAt, at, sendAt, Optional.of(providerId), Optional.empty(), opened);
    }

    public MessageRecord refused(MessageStatus refusedStatus, Failure why, Instant at) {
        return new MessageRecord(messageId, to, type, refusedStatus, encoding, segments, bodyLength, dryRun, caller,
                createdAt, at, sendAt, Optional.empty(), Optional.of(why), Optional.empty());
    }

    /** A scheduled message taken by its firing at {@code at}: ACCEPTED, as an immediate send is before its hand-over. */
    public MessageRecord firing(Instant at) {
        return new MessageRecord(messageId, to, type, MessageStatus.ACCEPTED, encoding, segments, bodyLength, dryRun,
                caller, createdAt, at, sendAt, Optional.empty(), Optional.empty(), Optional.empty());
    }

    public MessageRecord canceled(Instant at) {
        return new MessageRecord(messageId, to, type, MessageStatus.CANCELED, encoding, segments, bodyLength, dryRun,
                caller, createdAt, at, sendAt, Optional.empty(), Optional.empty(), Optional.empty());
    }

    /**
     * A scheduled message whose firing failed in a way a later firing may not (throttled, End User
     * Messaging unreachable): SCHEDULED again, for the scheduler's retry, with why it is still waiting.
     */
    public MessageRecord awaitingRetry(Failure why, Instant at) {
        return new MessageRecord(messageId, to, type, MessageStatus.SCHEDULED, encoding, segments, bodyLength, dryRun,
                caller, createdAt, at, sendAt, Optional.empty(), Optional.of(why), Optional.empty());
    }

    /**
     * A batch entry End User Messaging could not take yet (throttled, unreachable): QUEUED again, for
     * its next turn, with why it is still waiting.
     */
    public MessageRecord requeued(Failure why, Instant at) {
        return new MessageRecord(messageId, to, type, MessageStatus.QUEUED, encoding, segments, bodyLength, dryRun,
                caller, createdAt, at, sendAt, Optional.empty(), Optional.of(why), Optional.empty());
    }

    /** When the record may be deleted: {@code retention} after it was sent, or was to be. */
    public Instant keptUntil(Duration retention) {
        return sendAt.filter(at -> at.isAfter(createdAt)).orElse(createdAt).plus(retention);
    }

    /**
     * Longer than any attempt can run: the send function stops at 15 s (its Lambda timeout, set by the
     * stack's MessagesApi), and the batch sender takes an entry only when its turn at the number has come,
     * so its hand-over lasts one SendTextMessage call (the SMS client's 10 s call timeout). A message still
     * ACCEPTED after this lost its attempt before the outcome was recorded (killed at its timeout, out of
     * memory, the runtime restarted).
     */
    public static final Duration ABANDONED_AFTER = Duration.ofMinutes(1);
    /** Who automatic answers are recorded as sent by: Kotae itself, answering an inbound message. */
    public static final String INBOUND_CALLER = "kotae:inbound";

    /**
     * How late a scheduled message may still go out. EventBridge Scheduler stops retrying a firing
     * after its retry policy's maximum event age, which Kotae's schedules set to this; a message not
     * sent by then is not sent at all (a reminder hours late may mislead more than it helps).
     */
    public static final Duration SEND_DEADLINE = Duration.ofHours(1);

    /**
     * The message as a caller should see it at {@code now}: an API send whose attempt died before
     * recording whether End User Messaging took it reads UNKNOWN, as a hand-over that failed that way
     * does. Automatic answers are never rewritten after their send (their delivery events complete
     * them, and a throttled one waits for its redelivery), so ACCEPTED says nothing about them. A
     * scheduled message still waiting after its deadline (and an attempt's length) will never be sent,
     * and reads FAILED with why.
     */
    public MessageRecord asSeenAt(Instant now) {
        if (status == MessageStatus.SCHEDULED && sendAt.isPresent()
                && isAbandoned(sendAt.get().plus(SEND_DEADLINE), now)) {
            return refused(MessageStatus.FAILED, failure.map(last -> missed(last.message())).orElseGet(() -> missed(
                    "the schedule did not reach Kotae (see the scheduled sends' dead-letter queue).")), updatedAt);
        }
        if (status != MessageStatus.ACCEPTED || providerMessageId.isPresent() || caller.equals(INBOUND_CALLER)
                || !isAbandoned(updatedAt, now)) {
            return this;
        }
        return new MessageRecord(messageId, to, type, MessageStatus.UNKNOWN, encoding, segments, bodyLength, dryRun,
                caller, createdAt, updatedAt, sendAt, providerMessageId, Optional.of(abandoned(messageId)), conversation);
    }

    /** Why a scheduled message was not sent by its deadline, with the last reason a firing gave. */
    public static Failure missed(String lastReason) {
        return new Failure(ErrorCode.SEND_DEADLINE_PASSED, "Not sent: no attempt succeeded within "
                + SEND_DEADLINE.toMinutes() + " minutes of sendAt; the last reason: " + lastReason);
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
