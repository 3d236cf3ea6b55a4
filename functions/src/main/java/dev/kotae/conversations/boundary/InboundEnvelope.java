package dev.kotae.conversations.boundary;

import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.platform.events.SnsEnvelope;
import dev.kotae.platform.events.SnsEnvelope.MalformedRecordException;

import java.util.Optional;
import java.util.regex.Pattern;

/** Reads End User Messaging's inbound payload out of one SQS record (SNS envelope kept). */
final class InboundEnvelope {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private InboundEnvelope() {
    }

    /** @throws MalformedRecordException naming what is wrong, never quoting the message text */
    static InboundMessage parse(String sqsBody) {
        var envelope = SnsEnvelope.open(sqsBody);
        var payload = envelope.message();
        return new InboundMessage(
                required(payload, "inboundMessageId"),
                phoneNumber(payload, "originationNumber"),
                phoneNumber(payload, "destinationNumber"),
                required(payload, "messageBody"),
                Optional.ofNullable(payload.path("previousPublishedMessageId").asText(null)).filter(id -> !id.isBlank()),
                envelope.timestamp());
    }

    private static String required(JsonNode payload, String member) {
        var value = payload.path(member);
        if (!value.isTextual()) {
            throw new MalformedRecordException("the payload has no " + member);
        }
        return value.asText();
    }

    private static String phoneNumber(JsonNode payload, String member) {
        var value = required(payload, member);
        if (!E164.matcher(value).matches()) {
            throw new MalformedRecordException(member + " is not E.164");
        }
        return value;
    }
}
