package dev.kotae.messages.control;

import dev.kotae.messages.entity.SendRequest;

/** One SendTextMessage call: the validated request and the Kotae message it belongs to. */
public record OutboundSms(String messageId, SendRequest request) {
}
