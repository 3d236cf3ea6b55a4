package dev.kotae.standins;

import java.time.Instant;
import java.util.Map;

/**
 * A SendTextMessage the simulator refused, as the caller was told: nothing reached the phone.
 *
 * @param errorType the exception's {@code __type}, such as ThrottlingException
 * @param reason    the documented reason, such as DESTINATION_PHONE_NUMBER_OPTED_OUT; null when the error has none
 */
public record RefusedSend(
        String originationIdentity,
        String destinationPhoneNumber,
        String messageBody,
        Map<String, String> context,
        Instant refusedAt,
        String errorType,
        String reason,
        String message) {
}
