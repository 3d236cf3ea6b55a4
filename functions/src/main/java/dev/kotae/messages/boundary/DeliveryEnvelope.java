package dev.kotae.messages.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.messages.control.SmsGateway;
import dev.kotae.messages.entity.DeliveryEvent;
import dev.kotae.platform.events.SnsEnvelope;
import dev.kotae.platform.events.SnsEnvelope.MalformedRecordException;

import java.time.Instant;
import java.util.Optional;

/** Reads one End User Messaging delivery event out of an SQS record (SNS envelope kept). */
final class DeliveryEnvelope {

    private DeliveryEnvelope() {
    }

    /**
     * @return the event, or nothing when it is not about a Kotae message (no {@code kotaeMessageId} in its context)
     * @throws MalformedRecordException when the record is not a delivery event
     */
    static Optional<DeliveryEvent> parse(String sqsBody) {
        var envelope = SnsEnvelope.open(sqsBody);
        var event = envelope.message();
        var eventType = text(event, "eventType").orElseThrow(() -> new MalformedRecordException("no eventType"));
        var providerMessageId = text(event, "messageId").orElseThrow(() -> new MalformedRecordException("no messageId"));
        return text(event.path("context"), SmsGateway.MESSAGE_ID_CONTEXT_KEY).map(kotaeMessageId ->
                new DeliveryEvent(kotaeMessageId, providerMessageId, eventType, timestamp(event, envelope.timestamp()),
                        text(event, "messageStatusDescription")));
    }

    /**
     * {@code eventTimestamp} is epoch milliseconds, a JSON integer; the SNS timestamp stands in when it
     * is missing. Anything else (text, a fraction, past 64 bits) makes the record malformed.
     */
    private static Instant timestamp(JsonNode event, Instant published) {
        var timestamp = event.get("eventTimestamp");
        if (timestamp == null || timestamp.isNull()) {
            return published;
        }
        if (!timestamp.isIntegralNumber() || !timestamp.canConvertToLong()) {
            throw new MalformedRecordException("eventTimestamp is not epoch milliseconds");
        }
        return Instant.ofEpochMilli(timestamp.asLong());
    }

    private static Optional<String> text(JsonNode node, String member) {
        return Optional.ofNullable(node.get(member)).filter(JsonNode::isTextual).map(JsonNode::asText)
                .filter(value -> !value.isBlank());
    }
}
