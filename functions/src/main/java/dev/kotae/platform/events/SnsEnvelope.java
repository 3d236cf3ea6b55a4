package dev.kotae.platform.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.kotae.platform.encoding.Json;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * An SQS record body that is an SNS notification (raw delivery off), opened: its Message parsed as
 * JSON and its Timestamp, which orders what it carries.
 */
public record SnsEnvelope(JsonNode message, Instant timestamp) {

    /** @throws MalformedRecordException naming what is wrong, never quoting the content */
    public static SnsEnvelope open(String sqsBody) {
        var notification = object(sqsBody, "the SQS body is not JSON");
        if (!"Notification".equals(notification.path("Type").asText())) {
            throw new MalformedRecordException("the SQS body is not an SNS notification");
        }
        var message = object(notification.path("Message").asText(null), "the SNS Message is not JSON");
        try {
            return new SnsEnvelope(message, Instant.parse(notification.path("Timestamp").asText("")));
        } catch (DateTimeParseException e) {
            throw new MalformedRecordException("the SNS notification has no valid Timestamp");
        }
    }

    private static JsonNode object(String text, String problem) {
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

    /** The SQS body SNS would deliver for {@code message} published at {@code timestamp}: what priming reads. */
    public String toSqsBody() {
        return Json.MAPPER.createObjectNode()
                .put("Type", "Notification")
                .put("Message", message.toString())
                .put("Timestamp", timestamp.toString())
                .toString();
    }

    /** A record that no retry can mend: it goes to the dead-letter queue. */
    public static final class MalformedRecordException extends RuntimeException {
        public MalformedRecordException(String problem) {
            super(problem, null, false, false);
        }
    }
}
