package dev.kotae.messages.control;

import dev.kotae.messages.entity.SendRequest;

import java.util.Optional;

/**
 * One SendTextMessage call: the validated request, the Kotae message it belongs to and, for an
 * answer to an inbound message, the number that received it.
 */
public record OutboundSms(String messageId, SendRequest request, Optional<String> replyFrom) {
}
