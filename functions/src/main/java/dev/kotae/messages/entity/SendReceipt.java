package dev.kotae.messages.entity;

import dev.kotae.sms.SmsEncoding;
import java.time.Instant;
import java.util.Optional;

/** What the caller learns from an accepted send; replayed as-is for a repeated idempotency key. */
public record SendReceipt(
        String messageId,
        String to,
        MessageStatus status,
        SmsEncoding encoding,
        int segments,
        Optional<Conversation> conversation,
        Optional<Instant> sendAt,
        Optional<HoldReason> heldFor) {

    /** Why a message asked to go now (or at its {@code sendAt}) was booked for later by Kotae. */
    public enum HoldReason {
        /** A marketing message due in the recipient's quiet hours: it goes when they end there. */
        QUIET_HOURS
    }

    /** A receipt for a message Kotae did not hold. */
    public SendReceipt(String messageId, String to, MessageStatus status, SmsEncoding encoding, int segments,
                       Optional<Conversation> conversation, Optional<Instant> sendAt) {
        this(messageId, to, status, encoding, segments, conversation, sendAt, Optional.empty());
    }

    /** This receipt, for a message held for {@code reason}. */
    public SendReceipt heldFor(HoldReason reason) {
        return new SendReceipt(messageId, to, status, encoding, segments, conversation, sendAt, Optional.of(reason));
    }

    /** A message handed over (or refused) now: a scheduled one's receipt names its time instead. */
    public static SendReceipt of(MessageRecord message) {
        return new SendReceipt(message.messageId(), message.to(), message.status(), message.encoding(),
                message.segments(), message.conversation(), message.sendAt());
    }
}
