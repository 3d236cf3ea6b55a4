package dev.kotae.standins;

import java.time.Instant;
import java.util.Map;

/**
 * A text message the simulator accepted for delivery, as a phone would receive it.
 *
 * @param maxPrice  the MaxPrice the send named (US dollars for the whole message), null when none
 * @param delivered whether it reaches the phone: AWS's documented failing simulator destination
 *                  (+14254147167) accepts the message and never delivers it, every other number does
 * @param encoding  GSM7 or UCS2, as the delivery events name it
 * @param parts     message parts it cost
 */
public record AcceptedMessage(
        String messageId,
        String originationIdentity,
        String destinationPhoneNumber,
        String messageBody,
        String messageType,
        String configurationSetName,
        String maxPrice,
        Map<String, String> context,
        Instant acceptedAt,
        boolean delivered,
        String encoding,
        int parts) {
}
