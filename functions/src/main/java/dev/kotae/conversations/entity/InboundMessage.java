package dev.kotae.conversations.entity;

import java.time.Instant;
import java.util.Optional;

/**
 * One SMS a person sent to Kotae's number, as End User Messaging publishes it.
 *
 * @param from                      the person's number ({@code originationNumber})
 * @param to                        Kotae's number that received it ({@code destinationNumber})
 * @param previousPublishedMessageId End User Messaging's id of the message this one answers, when known
 * @param receivedAt                the SNS notification's timestamp: what orders replies
 */
public record InboundMessage(
        String inboundMessageId,
        String from,
        String to,
        String body,
        Optional<String> previousPublishedMessageId,
        Instant receivedAt) {
}
