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
        Optional<Instant> sendAt) {

    /** A message handed over (or refused) now: a scheduled one's receipt names its time instead. */
    public static SendReceipt of(MessageRecord message) {
        return new SendReceipt(message.messageId(), message.to(), message.status(), message.encoding(),
                message.segments(), message.conversation(), message.sendAt());
    }
}
