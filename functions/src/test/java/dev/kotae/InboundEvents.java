package dev.kotae;

import com.amazonaws.services.lambda.runtime.events.SQSEvent;
import com.amazonaws.services.lambda.runtime.tests.EventLoader;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.kotae.platform.encoding.Json;

import java.time.Instant;
import java.util.function.Consumer;

/** Loads an inbound event from {@code events/} and adjusts the End User Messaging payload inside it. */
public final class InboundEvents {

    private InboundEvents() {
    }

    public static SQSEvent load(String name) {
        return EventLoader.loadSQSEvent("events/" + name);
    }

    /** Each record's payload, changed by {@code change}; the SQS record and SNS envelope stay as they are. */
    public static SQSEvent withPayload(SQSEvent event, Consumer<ObjectNode> change) {
        for (var record : event.getRecords()) {
            var envelope = read(record.getBody());
            var payload = read(envelope.get("Message").asText());
            change.accept(payload);
            envelope.put("Message", payload.toString());
            record.setBody(envelope.toString());
        }
        return event;
    }

    public static SQSEvent withTimestamp(SQSEvent event, Instant timestamp) {
        for (var record : event.getRecords()) {
            var envelope = read(record.getBody());
            envelope.put("Timestamp", timestamp.toString());
            record.setBody(envelope.toString());
        }
        return event;
    }

    /** {@code name}'s single record with another body and id, as a new message from the same person. */
    public static SQSEvent saying(String name, String body, String inboundMessageId) {
        return withPayload(load(name), payload -> payload.put("messageBody", body).put("inboundMessageId", inboundMessageId));
    }

    private static ObjectNode read(String json) {
        try {
            return (ObjectNode) Json.MAPPER.readTree(json);
        } catch (Exception e) {
            throw new IllegalArgumentException("not a JSON object: " + json, e);
        }
    }
}
