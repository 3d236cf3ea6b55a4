package dev.kotae.messages.entity;

import java.time.Instant;
import java.util.Optional;

/** One delivery event from End User Messaging's configuration set, tied to Kotae's message by its context. */
public record DeliveryEvent(
        String kotaeMessageId,
        String providerMessageId,
        String eventType,
        Instant at,
        Optional<String> description) {

    public Optional<DeliveryStatus> status() {
        return DeliveryStatus.of(eventType);
    }
}
