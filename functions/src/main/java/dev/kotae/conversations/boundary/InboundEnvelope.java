package dev.kotae.conversations.boundary;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.conversations.entity.InboundMessage;
import dev.kotae.platform.Json;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Reads one SQS record body: an SNS notification (raw delivery off, so its Timestamp orders
 * replies) whose {@code Message} is End User Messaging's inbound payload.
 */
final class InboundEnvelope {

    private static final Pattern E164 = Pattern.compile("\\+[1-9][0-9]{1,14}");

    private InboundEnvelope() {
    }

    /** @throws MalformedRecordException naming what is wrong, never quoting the message text */
    static InboundMessage parse(String sqsBody) {
        var notification = tree(sqsBody, "the SQS body is not JSON");
        if (!"Notification".equals(notification.path("Type").asText())) {
            throw new MalformedRecordException("the SQS body is not an SNS notification");
        }
        var payload = tree(notification.path("Message").asText(null), "the SNS Message is not JSON");
        var receivedAt = timestamp(notification.path("Timestamp").asText(null));
        return new InboundMessage(
                required(payload, "inboundMessageId"),
                phoneNumber(payload, "originationNumber"),
                phoneNumber(payload, "destinationNumber"),
                required(payload, "messageBody"),
                Optional.ofNullable(payload.path("previousPublishedMessageId").asText(null)).filter(id -> !id.isBlank()),
                receivedAt);
    }

    private static JsonNode tree(String text, String problem) {
        if (text == null) {
            throw new MalformedRecordException(problem);
        }
        try {
            var tree = Json.MAPPER.readTree(text);
            if (tree == null || !tree.isObject()) {
                throw new MalformedRecordException(problem);
            }
            return tree;
        } catch (JsonProcessingException e) {
            throw new MalformedRecordException(problem);
        }
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

    private static Instant timestamp(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException | NullPointerException e) {
            throw new MalformedRecordException("the SNS notification has no valid Timestamp");
        }
    }

    static final class MalformedRecordException extends RuntimeException {
        MalformedRecordException(String problem) {
            super(problem, null, false, false);
        }
    }
}
