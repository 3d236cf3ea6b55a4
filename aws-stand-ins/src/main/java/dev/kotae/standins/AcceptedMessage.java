package dev.kotae.standins;

import java.time.Instant;
import java.util.Map;

/** A text message the simulator accepted for delivery, as a phone would receive it. */
public record AcceptedMessage(
        String messageId,
        String originationIdentity,
        String destinationPhoneNumber,
        String messageBody,
        String messageType,
        String configurationSetName,
        Map<String, String> context,
        Instant acceptedAt) {
}
